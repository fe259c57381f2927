/**
 * When the disruption pass runs: every `intervalMs` (consolidateAfter runs
 * out with nothing changing), and soon after a change the informers report,
 * a burst of changes gathered into one pass. Never two passes at once: a
 * wake-up during a pass asks for one more after it.
 */
export interface LoopOptions {
  intervalMs: number;
  /** how long a wake-up waits for more changes before the pass starts */
  wakeDelayMs: number;
  onError(error: unknown): void;
}

export class SingleFlightLoop {
  private interval: ReturnType<typeof setInterval> | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly options: LoopOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.interval = setInterval(() => this.wake(0), this.options.intervalMs);
    this.interval.unref();
    this.wake(0);
  }

  /** a change: run a pass soon; during a pass, once more after it */
  wake(delayMs = this.options.wakeDelayMs): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    if (this.pending !== undefined) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.run();
    }, delayMs);
  }

  /** runs a pass now (after the one under way), for callers that must know it happened */
  async runNow(): Promise<void> {
    while (this.running !== undefined) await this.running;
    await this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval !== undefined) clearInterval(this.interval);
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.interval = undefined;
    this.pending = undefined;
    while (this.running !== undefined) await this.running;
  }

  private async run(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    const running = this.pass().catch((error: unknown) => this.options.onError(error));
    this.running = running;
    try {
      await running;
    } finally {
      this.running = undefined;
    }
    if (this.again && !this.stopped) {
      this.again = false;
      this.wake();
    }
  }
}
