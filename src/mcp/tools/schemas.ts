// Output schemas: what the tools return as structuredContent. The field names are the seed's (snake_case), then
// what the engine adds. Objects are loose so a field the core adds later never breaks a client's validation.
import { z } from 'zod';
import { TASK_STATUSES } from '../../core/types';

const epochSeconds = z.number().describe('Seconds since the epoch (fractional).');
const nullableEpochSeconds = z.number().nullable().describe('Seconds since the epoch (fractional), or null.');

export const taskStatusName = z.enum(TASK_STATUSES);

export const taskStatusOutput = z.looseObject({
  task_id: z.string(),
  status: taskStatusName.describe('queued, running, completed, failed or cancelled.'),
  progress: z.number().describe('0-100.'),
  created_at: epochSeconds,
  completed_at: nullableEpochSeconds,
  result: z.unknown().optional().describe('What the operation returned; present once status is completed.'),
  error: z.string().optional().describe('Why the last attempt failed; present when status is failed (and on a queued retry).'),
  operation: z.string(),
  account_id: z.string().nullable(),
  priority: z.number().describe('1 (highest) to 10 (lowest).'),
  progress_message: z.string().nullable(),
  started_at: nullableEpochSeconds,
  attempts: z.number().describe('Starts so far.'),
  retry_count: z.number().describe('Failures that were retried automatically.'),
  max_retries: z.number(),
  run_after: epochSeconds.describe('When a queued task may start next (delay or retry backoff).'),
  timeout_ms: z.number().nullable(),
  dedup_key: z.string().nullable(),
  cancel_requested: z.boolean(),
  waiting_reason: z.string().optional().describe('Why a queued task is not running yet, when known.'),
});

export const taskSummaryOutput = z.looseObject({
  task_id: z.string(),
  operation: z.string(),
  status: taskStatusName,
  progress: z.number(),
  created_at: epochSeconds,
  account_id: z.string().nullable(),
  priority: z.number(),
  progress_message: z.string().nullable(),
  started_at: nullableEpochSeconds,
  completed_at: nullableEpochSeconds,
  run_after: epochSeconds.describe('When a queued task may start (delay or retry backoff).'),
  attempts: z.number(),
  max_retries: z.number(),
  error: z.string().optional(),
});
