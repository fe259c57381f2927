/**
 * What one Service write did to the allocators, undone or finished once the
 * store has answered (the transaction of Kubernetes' service REST storage):
 * new allocations are given back when the write fails or was a dry run;
 * addresses and ports the Service gives up are released only once it is
 * written, so a failed update never loses what the stored Service holds.
 */
export class AllocationTransaction {
  private undo: (() => void)[] = [];
  private deferred: (() => void)[] = [];

  /** `release` gives back something this write allocated */
  allocated(release: () => void): void {
    this.undo.push(release);
  }

  /** `release` gives back something the stored Service held, after the write */
  releaseOnCommit(release: () => void): void {
    this.deferred.push(release);
  }

  commit(): void {
    const deferred = this.deferred;
    this.clear();
    for (const release of deferred) release();
  }

  revert(): void {
    const undo = this.undo;
    this.clear();
    for (const release of undo.reverse()) release();
  }

  /** Runs `step`; if it throws, what it (and earlier steps) allocated is given back. */
  run(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.revert();
      throw error;
    }
  }

  private clear(): void {
    this.undo = [];
    this.deferred = [];
  }
}
