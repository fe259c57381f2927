/**
 * The nodes and claims the provisioner has just counted on for pending pods
 * (Karpenter's state.Cluster nominations): a node launched for a pod, or an
 * existing one the pod will fit, is not disrupted for the nomination window,
 * so that it is not consolidated as empty while the scheduler has yet to
 * bind the pod to it (a pod in scheduling backoff can wait up to 10 s).
 * Shared by the provisioner, which nominates, and the disruption
 * controller, which leaves nominated ones alone.
 */
/** Karpenter's nominationWindow at its least */
export const MIN_NOMINATION_WINDOW_MS = 10_000;

export class NodeNominations {
  private readonly until = new Map<string, number>();

  /** `windowMs`: Karpenter's nominationWindow, twice the batch window's longest, at least 10 s */
  constructor(readonly windowMs: number) {}

  static forBatchMaxMs(batchMaxMs: number): NodeNominations {
    return new NodeNominations(Math.max(2 * batchMaxMs, MIN_NOMINATION_WINDOW_MS));
  }

  /** `name`: a NodeClaim's or a Node's */
  nominate(name: string, now: Date): void {
    this.until.set(name, now.getTime() + this.windowMs);
  }

  isNominated(name: string, now: Date): boolean {
    const until = this.until.get(name);
    if (until === undefined) return false;
    if (until > now.getTime()) return true;
    this.until.delete(name);
    return false;
  }
}
