import { isRecord } from '../../api/types/meta.ts';

/**
 * The status conditions the namespace controller keeps on a terminating
 * namespace, with Kubernetes' reasons and messages
 * (pkg/controller/namespace/deletion/status_condition_utils.go).
 */

export const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

export type NamespaceConditionType = (typeof CONDITION_TYPES)[number];

export interface NamespaceCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

const OK: Record<NamespaceConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** What one pass of deleting a namespace's content found. */
export interface DeletionOutcome {
  discoveryError?: string;
  /** one message per resource whose content could not be deleted */
  contentErrors: readonly string[];
  /** instances left by resource, keyed `configmaps.` / `replicasets.apps` as Kubernetes prints them */
  remainingByResource: ReadonlyMap<string, number>;
  remainingByFinalizer: ReadonlyMap<string, number>;
}

/** The conditions that are True after a pass; every other type is its "ok" False variant. */
export function failingConditions(outcome: DeletionOutcome): Map<NamespaceConditionType, { reason: string; message: string }> {
  const failing = new Map<NamespaceConditionType, { reason: string; message: string }>();
  if (outcome.discoveryError !== undefined) {
    failing.set('NamespaceDeletionDiscoveryFailure', { reason: 'DiscoveryFailed', message: outcome.discoveryError });
  }
  if (outcome.contentErrors.length > 0) {
    const messages = [...outcome.contentErrors].sort();
    failing.set('NamespaceDeletionContentFailure', {
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${messages.length} remaining: ${messages.join(', ')}`,
    });
  }
  const resources = counted(outcome.remainingByResource, (name, n) => `${name} has ${n} resource instances`);
  if (resources.length > 0) {
    failing.set('NamespaceContentRemaining', { reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${resources.join(', ')}` });
  }
  const finalizers = counted(outcome.remainingByFinalizer, (finalizer, n) => `${finalizer} in ${n} resource instances`);
  if (finalizers.length > 0) {
    failing.set('NamespaceFinalizersRemaining', {
      reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}`,
    });
  }
  return failing;
}

/**
 * updateConditions: each controller-owned type set to its failing or ok
 * variant; lastTransitionTime moves only when the status flips; conditions of
 * other types stay as they are.
 */
export function updateConditions(current: unknown, outcome: DeletionOutcome, now: string): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions: NamespaceCondition[] = Array.isArray(current) ? current.filter(isCondition).map((c) => ({ ...c })) : [];
  const failing = failingConditions(outcome);
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const bad = failing.get(type);
    const wanted = { type, status: bad === undefined ? 'False' : 'True', ...(bad ?? OK[type]) };
    const existing = conditions.find((c) => c.type === type);
    if (existing === undefined) {
      conditions.push({ type, status: wanted.status, lastTransitionTime: now, reason: wanted.reason, message: wanted.message });
      changed = true;
    } else if (existing.status !== wanted.status || existing.reason !== wanted.reason || existing.message !== wanted.message) {
      if (existing.status !== wanted.status) existing.lastTransitionTime = now;
      existing.status = wanted.status;
      existing.reason = wanted.reason;
      existing.message = wanted.message;
      changed = true;
    }
  }
  return { conditions, changed };
}

function counted(counts: ReadonlyMap<string, number>, describe: (name: string, n: number) => string): string[] {
  // Sorted, so the same remainder makes the same message and no needless write.
  return [...counts].filter(([, n]) => n > 0).map(([name, n]) => describe(name, n)).sort();
}

function isCondition(value: unknown): value is NamespaceCondition {
  return isRecord(value) && typeof value['type'] === 'string' && typeof value['status'] === 'string';
}
