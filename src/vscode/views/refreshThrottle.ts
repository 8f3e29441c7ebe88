// Coalesces bursts of engine events into at most one refresh per interval. Not a trailing debounce:
// under a steady stream (1,000 progress reports a second) a debounce would never fire, and the
// view would freeze exactly when it has most to show. Pure (timers injectable) for the unit tests.

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RefreshThrottle {
  private handle: unknown;
  private pending = false;
  private disposed = false;

  constructor(
    private readonly run: () => void,
    private readonly intervalMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Asks for a refresh: runs once within `intervalMs`, however often it is asked meanwhile. */
  schedule(): void {
    if (this.disposed || this.pending) return;
    this.pending = true;
    this.handle = this.timers.setTimeout(() => this.fire(), this.intervalMs);
  }

  /** Runs now (a user's explicit refresh) and drops the scheduled one. */
  flush(): void {
    if (this.disposed) return;
    this.cancel();
    this.run();
  }

  get isPending(): boolean {
    return this.pending;
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }

  private fire(): void {
    this.pending = false;
    this.handle = undefined;
    if (!this.disposed) this.run();
  }

  private cancel(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.pending = false;
  }
}
