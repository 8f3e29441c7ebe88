import { z } from 'zod';
import { ValidationError } from './errors';
import { TASK_STATUSES } from './types';

export const MAX_PARAMETERS_BYTES = 1024 * 1024;
export const MAX_DELAY_MS = 366 * 24 * 3600 * 1000;
export const MAX_TIMEOUT_MS = 7 * 24 * 3600 * 1000;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/** Field rules shared by the core and the MCP tools (so both refuse the same input with the same words). */
export const fields = {
  task_id: z.string().min(1, 'must be a non-empty string').max(200, 'must be at most 200 characters'),
  operation: z
    .string()
    .min(1, 'must be a non-empty string')
    .max(200, 'must be at most 200 characters')
    .regex(/^[A-Za-z0-9_.:\-/]+$/, 'may contain only letters, digits and . _ - : /'),
  parameters: z
    .custom<Record<string, unknown>>(isPlainObject, 'must be a JSON object')
    .superRefine((value, ctx) => {
      let json: string;
      try {
        json = JSON.stringify(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON-serialisable' });
        return;
      }
      if (Buffer.byteLength(json, 'utf8') > MAX_PARAMETERS_BYTES) {
        ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_PARAMETERS_BYTES} bytes as JSON (1 MiB)` });
      }
    }),
  account_id: z.string().min(1, 'must be a non-empty string').max(200, 'must be at most 200 characters'),
  priority: z
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be between 1 (highest) and 10 (lowest)')
    .max(10, 'must be between 1 (highest) and 10 (lowest)'),
  max_retries: z.number({ message: 'must be a number' }).int('must be an integer').min(0, 'must be 0 or more').max(100, 'must be at most 100'),
  delay_ms: z.number({ message: 'must be a number' }).int('must be an integer').min(0, 'must be 0 or more').max(MAX_DELAY_MS, 'must be at most one year'),
  timeout_ms: z
    .number({ message: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(MAX_TIMEOUT_MS, 'must be at most 7 days'),
  dedup_key: z.string().min(1, 'must be a non-empty string').max(500, 'must be at most 500 characters'),
  status: z.enum(TASK_STATUSES, { message: `must be one of ${TASK_STATUSES.join(', ')}` }),
  limit: z.number({ message: 'must be a number' }).int('must be an integer').min(1, 'must be between 1 and 500').max(500, 'must be between 1 and 500'),
};

export const enqueueInputSchema = z.strictObject({
  operation: fields.operation,
  parameters: fields.parameters.optional(),
  account_id: fields.account_id.nullish(),
  priority: fields.priority.optional(),
  max_retries: fields.max_retries.optional(),
  delay_ms: fields.delay_ms.optional(),
  timeout_ms: fields.timeout_ms.nullish(),
  dedup_key: fields.dedup_key.nullish(),
});

export const listTasksInputSchema = z.strictObject({
  account_id: fields.account_id.nullish(),
  status: fields.status.nullish(),
  limit: fields.limit.optional(),
});

export const pruneInputSchema = z.strictObject({
  maxAgeDays: z.number().min(0, 'must be 0 or more').optional(),
  maxFinished: z.number().int('must be an integer').min(0, 'must be 0 or more').optional(),
});

/** Parses with a zod schema; the first issue becomes a ValidationError naming the field and the rule. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, root = 'input'): T {
  const parsed = schema.safeParse(input === undefined && root === 'input' ? {} : input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const fieldAt = (path: readonly PropertyKey[]) => {
    const joined = path.map(String).join('.');
    return !joined ? root : root === 'input' ? joined : `${root}.${joined}`;
  };
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys?: string[] }).keys ?? [];
    throw new ValidationError(fieldAt([...issue.path, ...keys.slice(0, 1)]), 'is not a known field');
  }
  throw new ValidationError(fieldAt(issue.path), ruleOf(issue, input));
}

function ruleOf(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (valueAt(input, issue.path) === undefined) return 'is required';
  return issue.message.startsWith('Invalid input') ? `must be ${article(issue.expected)}` : issue.message;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export function parseTaskId(taskId: unknown): string {
  return parseInput(fields.task_id, taskId, 'task_id');
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
