/**
 * A gate with hysteresis on a backlog: it closes when the backlog grows past
 * `closeAbove` and opens again once it is down to `openAt`, so that those
 * waiting resume in one batch rather than one at a time at the edge.
 */
export class CatchUpGate {
  private closed: { promise: Promise<void>; open: () => void } | undefined;

  constructor(
    private readonly closeAbove: number,
    private readonly openAt: number,
  ) {}

  /** the backlog is now `size` */
  observe(size: number): void {
    if (this.closed === undefined) {
      if (size > this.closeAbove) {
        let open: () => void = () => undefined;
        const promise = new Promise<void>((resolve) => (open = resolve));
        this.closed = { promise, open };
      }
    } else if (size <= this.openAt) {
      this.open();
    }
  }

  /** undefined while open; else a promise that resolves when it opens */
  whenOpen(): Promise<void> | undefined {
    return this.closed?.promise;
  }

  /** opens at once, whatever the backlog (the backlog is gone) */
  open(): void {
    this.closed?.open();
    this.closed = undefined;
  }
}
