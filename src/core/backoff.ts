export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before retry number `retry` (1 = first retry): exponential, capped, with "equal jitter"
 * (between half and all of the capped delay) so tasks that failed together do not retry together.
 */
export function retryDelayMs(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponential = options.baseMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(options.maxMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}
