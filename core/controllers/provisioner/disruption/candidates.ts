/**
 * Which claims may be disrupted now, and in which order (Karpenter's
 * GetCandidates and NewCandidate): initialized, of a pool whose policy
 * allows it, quiet for consolidateAfter, not asked to be left alone, not
 * nominated for a pending pod, and with no pod a PodDisruptionBudget keeps
 * from being evicted. A replacement counts as nominated while the claim it
 * replaces still exists: Karpenter's provisioner nominates it for the pods
 * of the deleting node before they are evicted, and without that it would
 * look empty (and go) in the pass after its old claim was deleted.
 */
import { blocksDisruption, evictionCost, hasDoNotDisrupt } from './pod-classes.ts';
import type { ClaimView } from './cluster-view.ts';
import type { PdbLimits } from './pdb-limits.ts';
import { DisruptionKeys } from './resources.ts';

export type DisruptionMethod = 'Empty' | 'Underutilized';

export interface Candidate {
  view: ClaimView;
  method: DisruptionMethod;
  /** Karpenter's disruption cost: the summed eviction costs of the pods that would move */
  cost: number;
}

export interface BlockedCandidate {
  view: ClaimView;
  /** Karpenter's wording, e.g. `pdb "default/web" prevents pod evictions` */
  reason: string;
  /** Karpenter records no Event when the user asked for it (do-not-disrupt); only a log line */
  announce: boolean;
}

export interface CandidateSelection {
  /** cheapest to disrupt first */
  candidates: Candidate[];
  blocked: BlockedCandidate[];
}

/** the method that applies to the claim now, or undefined when it is no candidate at all */
function methodOf(view: ClaimView): DisruptionMethod | undefined {
  const { settings, activity } = view;
  if (settings === undefined || activity === undefined || view.replacedBy !== undefined) return undefined;
  if (!activity.consolidatable) return undefined;
  if (activity.empty) return 'Empty';
  return settings.policy === 'WhenEmptyOrUnderutilized' ? 'Underutilized' : undefined;
}

/** why the claim may not be disrupted although it qualifies, or undefined */
function blockReason(view: ClaimView, pdbs: PdbLimits, isNominated: (name: string) => boolean): Omit<BlockedCandidate, 'view'> | undefined {
  // Karpenter's wording; it records no Event for it either.
  if (isNominated(view.name) || isNominated(view.nodeName)) return { reason: 'state node is nominated for a pending pod', announce: false };
  if (view.node !== undefined && hasDoNotDisrupt(view.node)) {
    return { reason: `Disruption is blocked through the "${DisruptionKeys.doNotDisrupt}" annotation`, announce: false };
  }
  const pinned = view.pods.find(blocksDisruption);
  if (pinned !== undefined) {
    return { reason: `Pod "${pinned.metadata.namespace ?? ''}/${pinned.metadata.name ?? ''}" has "${DisruptionKeys.doNotDisrupt}" annotation`, announce: false };
  }
  const pdb = pdbs.blockingPdb(view.pods);
  if (pdb !== undefined) return { reason: `pdb "${pdb}" prevents pod evictions`, announce: true };
  return undefined;
}

function priceOf(view: ClaimView): number {
  return view.instanceType?.pricePerHour ?? Number.POSITIVE_INFINITY;
}

/** `isNominated`: whether the provisioner counts on a claim or node (by name) for a pending pod (see NodeNominations) */
export function selectCandidates(views: readonly ClaimView[], pdbs: PdbLimits, isNominated: (name: string) => boolean = () => false): CandidateSelection {
  const candidates: Candidate[] = [];
  const blocked: BlockedCandidate[] = [];
  const awaitedReplacements = new Set(views.flatMap((view) => (view.replacedBy === undefined ? [] : [view.replacedBy])));
  const isNominatedOrAwaited = (name: string): boolean => awaitedReplacements.has(name) || isNominated(name);
  for (const view of views) {
    const method = methodOf(view);
    if (method === undefined) continue;
    const block = blockReason(view, pdbs, isNominatedOrAwaited);
    if (block !== undefined) {
      blocked.push({ view, ...block });
      continue;
    }
    candidates.push({ view, method, cost: view.reschedulable.reduce((sum, pod) => sum + evictionCost(pod), 0) });
  }
  // Fewest (and least important) pods first; then the cheaper machine; then by name, so passes agree.
  candidates.sort((a, b) => a.cost - b.cost || priceOf(a.view) - priceOf(b.view) || a.view.name.localeCompare(b.view.name));
  return { candidates, blocked };
}
