/**
 * The Events disruption records, in Karpenter's words (disruption/events):
 * what is disrupted and why, what launches in its place, and what blocks it.
 */
import type { BlockedCandidate, CandidateSelection } from './candidates.ts';

export const DisruptionEventReasons = {
  launching: 'DisruptionLaunching',
  waitingReadiness: 'DisruptionWaitingReadiness',
  terminating: 'DisruptionTerminating',
  blocked: 'DisruptionBlocked',
} as const;

export type InvolvedKind = 'NodeClaim' | 'Node';

/** `Disrupting NodeClaim: Empty` */
export const disruptingMessage = (kind: InvolvedKind, explanation: string): string => `Disrupting ${kind}: ${explanation}`;

/** `Launching NodeClaim: Underutilized`, on the replacement */
export const launchingMessage = (reason: string): string => `Launching NodeClaim: ${reason}`;

/** `Cannot disrupt NodeClaim: pdb "default/web" prevents pod evictions` */
export const cannotDisruptMessage = (kind: InvolvedKind, reason: string): string => `Cannot disrupt ${kind}: ${reason}`;

export const WAITING_READINESS_MESSAGE = 'Waiting on readiness to continue disruption';

/**
 * Announces a blocked claim once per reason: again only when the reason
 * changes, or after the claim was a candidate in between (a new episode).
 * A claim that stops qualifying (a pod arrived) keeps its last reason, so a
 * node flapping in and out of candidacy does not repeat the same Event.
 */
export class BlockedNotices {
  private readonly announced = new Map<string, string>();

  constructor(private readonly announce: (blocked: BlockedCandidate) => void) {}

  /** `existing`: uids of the claims that still exist, so the memory of deleted ones goes */
  update(selection: CandidateSelection, existing: ReadonlySet<string>): void {
    for (const candidate of selection.candidates) this.announced.delete(uidOf(candidate.view));
    for (const blocked of selection.blocked) {
      const uid = uidOf(blocked.view);
      if (this.announced.get(uid) === blocked.reason) continue;
      this.announced.set(uid, blocked.reason);
      if (blocked.announce) this.announce(blocked);
    }
    for (const uid of [...this.announced.keys()]) if (!existing.has(uid)) this.announced.delete(uid);
  }
}

function uidOf(view: BlockedCandidate['view']): string {
  return view.claim.metadata.uid ?? view.name;
}
