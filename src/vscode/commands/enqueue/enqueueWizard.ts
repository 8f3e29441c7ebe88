// The steps of "Enqueue Task...": operation, parameters (JSON checked as typed), priority. Each step
// has Back; Escape cancels. Built on createQuickPick/createInputBox for the step counter and buttons.
import * as vscode from 'vscode';
import { BackgroundTasksError } from '../../../core/errors';
import type { JsonObject, OperationDefinition } from '../../../core/types';
import { checkAgainstSchema, describeParameters, parameterTemplate, parseParameters } from './parameterSchema';
import { DEFAULT_PRIORITY, priorityChoices } from './priorityItems';

export interface WizardChoice {
  operation: string;
  parameters: JsonObject;
  priority: number;
}

export interface OperationChoice {
  name: string;
  /** Registered in this window: its description, schema and validation are known. */
  definition?: OperationDefinition;
}

const BACK = Symbol('back');
type StepResult<T> = T | typeof BACK | undefined;

const TITLE = 'Enqueue Background Task';
const TOTAL_STEPS = 3;

export async function runEnqueueWizard(operations: readonly OperationChoice[], preselected?: string, accountNote?: string): Promise<WizardChoice | undefined> {
  let operation = preselected ? operations.find((choice) => choice.name === preselected) : undefined;
  if (preselected && !operation) throw new Error(`unknown operation "${preselected}"; known: ${operations.map((choice) => choice.name).join(', ')}`);
  let parametersText: string | undefined;
  let parameters: JsonObject | undefined;
  let step = operation ? 2 : 1;
  const firstStep = step;
  for (;;) {
    if (step === 1) {
      const picked = await pickOperation(operations, operation?.name);
      if (picked === undefined || picked === BACK) return undefined;
      if (picked.name !== operation?.name) parametersText = undefined;
      operation = picked;
      step = 2;
    } else if (step === 2) {
      const entered = await enterParameters(operation!, parametersText, step > firstStep || firstStep === 1);
      if (entered === undefined) return undefined;
      if (entered === BACK) {
        step = 1;
        continue;
      }
      parametersText = entered.text;
      parameters = entered.parameters;
      step = 3;
    } else {
      const priority = await pickPriority(accountNote);
      if (priority === undefined) return undefined;
      if (priority === BACK) {
        step = 2;
        continue;
      }
      return { operation: operation!.name, parameters: parameters!, priority };
    }
  }
}

function pickOperation(operations: readonly OperationChoice[], active?: string): Promise<StepResult<OperationChoice>> {
  type Item = vscode.QuickPickItem & { choice: OperationChoice };
  const items: Item[] = operations.map((choice) => ({
    choice,
    label: choice.name,
    description: choice.definition ? undefined : 'offered by another window',
    detail: choice.definition?.description,
  }));
  const picker = vscode.window.createQuickPick<Item>();
  picker.title = TITLE;
  picker.step = 1;
  picker.totalSteps = TOTAL_STEPS;
  picker.placeholder = 'Pick the operation to run in the background';
  picker.matchOnDetail = true;
  picker.items = items;
  const activeItem = items.find((item) => item.choice.name === active);
  if (activeItem) picker.activeItems = [activeItem];
  return runQuickInput(picker, (resolve) => {
    picker.onDidAccept(() => {
      const [selected] = picker.selectedItems;
      if (selected) resolve(selected.choice);
    });
  });
}

function enterParameters(operation: OperationChoice, previous: string | undefined, canGoBack: boolean): Promise<StepResult<{ text: string; parameters: JsonObject }>> {
  const schema = operation.definition?.inputSchema;
  const box = vscode.window.createInputBox();
  box.title = `${TITLE}: ${operation.name}`;
  box.step = 2;
  box.totalSteps = TOTAL_STEPS;
  box.value = previous ?? parameterTemplate(schema);
  // Select the template's first value, ready to be typed over.
  box.valueSelection = firstValueSelection(box.value);
  box.prompt = schema ? `Parameters as a JSON object — ${describeParameters(schema)}` : 'Parameters as a JSON object (this operation is offered by another window: not checked here)';
  box.placeholder = '{}';
  box.ignoreFocusOut = true;
  if (canGoBack) box.buttons = [vscode.QuickInputButtons.Back];
  const validate = (text: string): string | undefined => {
    const parsed = parseParameters(text);
    if (!parsed.ok) return parsed.message;
    return validationMessage(operation.definition, parsed.parameters);
  };
  return runQuickInput(box, (resolve) => {
    box.onDidChangeValue((text) => {
      box.validationMessage = validate(text);
    });
    box.onDidAccept(() => {
      const problem = validate(box.value);
      box.validationMessage = problem;
      if (problem) return;
      const parsed = parseParameters(box.value);
      if (parsed.ok) resolve({ text: box.value, parameters: parsed.parameters });
    });
  });
}

function pickPriority(accountNote?: string): Promise<StepResult<number>> {
  type Item = vscode.QuickPickItem & { priority: number };
  const items: Item[] = priorityChoices().map((choice) => ({ ...choice }));
  const picker = vscode.window.createQuickPick<Item>();
  picker.title = TITLE;
  picker.step = 3;
  picker.totalSteps = TOTAL_STEPS;
  picker.placeholder = `Pick the priority (1 runs first)${accountNote ? ` — ${accountNote}` : ''}`;
  picker.items = items;
  picker.activeItems = items.filter((item) => item.priority === DEFAULT_PRIORITY);
  picker.buttons = [vscode.QuickInputButtons.Back];
  return runQuickInput(picker, (resolve) => {
    picker.onDidAccept(() => {
      const [selected] = picker.selectedItems;
      if (selected) resolve(selected.priority);
    });
  });
}

/** The operation's own check (the same the engine runs at enqueue), else the schema subset. */
export function validationMessage(definition: OperationDefinition | undefined, parameters: JsonObject): string | undefined {
  if (!definition) return undefined;
  if (definition.validate) {
    try {
      definition.validate(parameters);
      return undefined;
    } catch (error) {
      return error instanceof BackgroundTasksError || error instanceof Error ? error.message : String(error);
    }
  }
  return checkAgainstSchema(parameters, definition.inputSchema);
}

/** The first value of a `{"name": value}` template, selected so typing replaces it. */
export function firstValueSelection(text: string): [number, number] | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  let start = colon + 1;
  while (text[start] === ' ') start++;
  if (text[start] === '"') {
    const end = text.indexOf('"', start + 1);
    return end < 0 ? undefined : [start + 1, end];
  }
  let end = start;
  while (end < text.length && !',}'.includes(text[end]!)) end++;
  return [start, end];
}

type QuickInputLike = Pick<vscode.InputBox, 'onDidTriggerButton' | 'onDidHide' | 'show' | 'hide' | 'dispose'>;

/** Shows a quick input; resolves with what `wire` resolves, BACK on the Back button, undefined on Escape. */
function runQuickInput<T>(input: QuickInputLike, wire: (resolve: (value: T) => void) => void): Promise<StepResult<T>> {
  return new Promise<StepResult<T>>((resolve) => {
    let done = false;
    const finish = (value: StepResult<T>) => {
      if (done) return;
      done = true;
      resolve(value);
      input.hide();
    };
    wire((value) => finish(value));
    input.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    input.onDidHide(() => {
      finish(undefined);
      input.dispose();
    });
    input.show();
  });
}
