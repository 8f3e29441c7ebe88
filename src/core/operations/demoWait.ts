import { z } from 'zod';
import { parseInput } from '../validation';
import type { OperationDefinition } from '../types';

const demoWaitParameters = z.strictObject({
  duration_ms: z.number({ message: 'must be a number' }).int('must be an integer').min(0, 'must be 0 or more').max(3_600_000, 'must be at most 3600000 (one hour)'),
  steps: z.number({ message: 'must be a number' }).int('must be an integer').min(1, 'must be between 1 and 1000').max(1000, 'must be between 1 and 1000').optional(),
  fail_attempts: z.number({ message: 'must be a number' }).int('must be an integer').min(0, 'must be 0 or more').max(100, 'must be at most 100').optional(),
});

/** Waits, reporting progress at each step; fails its first `fail_attempts` attempts (for trying retries). */
export const demoWaitOperation: OperationDefinition = {
  name: 'demo.wait',
  description: 'Waits duration_ms milliseconds in `steps` steps, reporting progress at each; fails its first fail_attempts attempts. For trying the queue out.',
  inputSchema: {
    type: 'object',
    properties: {
      duration_ms: { type: 'integer', minimum: 0, maximum: 3600000, description: 'How long to wait, in milliseconds.' },
      steps: { type: 'integer', minimum: 1, maximum: 1000, description: 'Progress reports along the way (default 10).' },
      fail_attempts: { type: 'integer', minimum: 0, maximum: 100, description: 'Fail this many first attempts (default 0).' },
    },
    required: ['duration_ms'],
    additionalProperties: false,
  },
  validate: (parameters) => {
    parseInput(demoWaitParameters, parameters, 'parameters');
  },
  handler: async (parameters, context) => {
    const { duration_ms, steps = 10, fail_attempts = 0 } = parseInput(demoWaitParameters, parameters, 'parameters');
    const stepMs = duration_ms / steps;
    for (let step = 1; step <= steps; step++) {
      await abortableDelay(stepMs, context.signal);
      context.reportProgress(Math.round((step / steps) * 100), `step ${step} of ${steps}`);
    }
    if (context.attempt <= fail_attempts) {
      throw new Error(`demo.wait: failing attempt ${context.attempt} of ${fail_attempts} on purpose`);
    }
    return { waited_ms: duration_ms, steps, attempt: context.attempt };
  },
};

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
