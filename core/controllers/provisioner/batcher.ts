/** Karpenter's batch window: closes after `idleMs` without a trigger, or `maxMs` after it opened. */
export interface BatchWindow {
  idleMs: number;
  maxMs: number;
}

export const DEFAULT_BATCH_WINDOW: BatchWindow = { idleMs: 1_000, maxMs: 10_000 };

/**
 * Gathers the triggers of a burst (a Deployment scaled to 500 makes 500
 * unschedulable pods within a second or so) into one provisioning run, so
 * that the pods are packed together instead of each getting a node of its
 * own. A trigger while no window is open opens one; each trigger pushes the
 * idle deadline back, never past the maximum.
 */
export class Batcher {
  private openedAt: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly window: BatchWindow,
    private readonly onClose: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  get open(): boolean {
    return this.openedAt !== undefined;
  }

  trigger(): void {
    const now = this.now();
    this.openedAt ??= now;
    const untilMax = this.openedAt + this.window.maxMs - now;
    this.arm(Math.max(0, Math.min(this.window.idleMs, untilMax)));
  }

  /** drops an open window without closing it (the controller stops) */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.openedAt = undefined;
  }

  private arm(delayMs: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.openedAt = undefined;
      this.onClose();
    }, delayMs);
    this.timer.unref?.();
  }
}
