import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import type { Condition } from '../../../api/kinds/nodepool/types.ts';
import { findCondition, type ConditionUpdate } from '../../../api/kinds/nodepool/conditions.ts';

/** The status of a Node's Ready condition; Unknown when it reports none. */
export function nodeReadyStatus(node: KubeObject): Condition['status'] {
  const status = isRecord(node['status']) ? node['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  const ready = conditions.find((c): c is Record<string, unknown> => isRecord(c) && c['type'] === 'Ready');
  const value = ready?.['status'];
  return value === 'True' || value === 'False' ? value : 'Unknown';
}

/**
 * The claim's Registered, Initialized and Ready conditions once its Node
 * exists: registered at once; initialized the first time the Node is Ready
 * (and for good); Ready following the Node's Ready from then on.
 */
export function registeredConditions(node: KubeObject, current: readonly Condition[]): ConditionUpdate[] {
  const ready = nodeReadyStatus(node);
  const nodeName = node.metadata.name ?? '';
  const updates: ConditionUpdate[] = [{ type: 'Registered', status: 'True', reason: 'Registered', message: '' }];
  const initialized = findCondition(current, 'Initialized')?.status === 'True';
  if (ready === 'True' || initialized) updates.push({ type: 'Initialized', status: 'True', reason: 'Initialized', message: '' });
  else updates.push({ type: 'Initialized', status: 'Unknown', reason: 'NodeNotReady', message: `Node ${nodeName} is not Ready yet` });
  if (ready === 'True') updates.push({ type: 'Ready', status: 'True', reason: 'Ready', message: '' });
  else updates.push({ type: 'Ready', status: ready, reason: 'NodeNotReady', message: `Node ${nodeName} is not Ready` });
  return updates;
}

/** The labels of `wanted` the node lacks (values it has are its own); undefined when none. */
export function missingLabels(node: KubeObject, wanted: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const labels = node.metadata.labels ?? {};
  const missing = Object.fromEntries(Object.entries(wanted).filter(([key]) => labels[key] === undefined));
  return Object.keys(missing).length === 0 ? undefined : missing;
}

/** How long the claim has left to register, in ms (≤ 0: too late). */
export function registrationTimeLeft(claim: KubeObject, ttlMs: number, now: Date): number {
  const created = Date.parse(claim.metadata.creationTimestamp ?? '');
  if (Number.isNaN(created)) return ttlMs;
  return created + ttlMs - now.getTime();
}
