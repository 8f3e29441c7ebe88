import { Emitter } from '../events';
import { ValidationError } from '../errors';
import type { Disposable, Event, OperationDefinition } from '../types';

const NAME_PATTERN = /^[A-Za-z0-9_.:\-/]+$/;

/** The seed's tool_executor, made explicit: operation name -> handler, with a description and a schema. */
export class OperationRegistry implements Disposable {
  private readonly definitions = new Map<string, OperationDefinition>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  register(definition: OperationDefinition): Disposable {
    if (!NAME_PATTERN.test(definition.name)) {
      throw new ValidationError('name', 'may contain only letters, digits and . _ - : /');
    }
    if (this.definitions.has(definition.name)) {
      throw new ValidationError('name', `operation "${definition.name}" is already registered`);
    }
    this.definitions.set(definition.name, definition);
    this.changed.fire();
    return {
      dispose: () => {
        if (this.definitions.get(definition.name) !== definition) return;
        this.definitions.delete(definition.name);
        this.changed.fire();
      },
    };
  }

  get(name: string): OperationDefinition | undefined {
    return this.definitions.get(name);
  }

  list(): OperationDefinition[] {
    return [...this.definitions.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  names(): string[] {
    return [...this.definitions.keys()].sort();
  }

  dispose(): void {
    this.definitions.clear();
    this.changed.dispose();
  }
}
