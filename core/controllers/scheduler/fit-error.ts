import type { SchedulingStatus } from '../../contracts/scheduling.ts';

/** Why no node fits a pod, as Kubernetes' framework.Diagnosis records it. */
export interface Diagnosis {
  /** each rejected node's status, by node name */
  readonly rejections: ReadonlyMap<string, SchedulingStatus>;
  /** the plugins that rejected nodes (or the pod at PreFilter) */
  readonly rejectors: ReadonlySet<string>;
  /** set when a PreFilter plugin turned the pod down before any node was looked at */
  readonly preFilterMessage: string;
  readonly postFilterMessage: string;
}

/** Kubernetes' ErrNoNodesAvailable text. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/**
 * FitError.Error(): "0/5 nodes are available: 2 node(s) had untolerated taint
 * {k: v}, 3 Insufficient cpu." Reasons are counted over nodes and the
 * "count reason" strings sorted as strings (so "10 x" sorts before "2 y",
 * as in Kubernetes). A PreFilter rejection replaces the per-node list.
 */
export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis): string {
  let message = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMessage !== '') {
    message += ` ${diagnosis.preFilterMessage}.`;
  } else {
    const counts = new Map<string, number>();
    for (const status of diagnosis.rejections.values()) {
      for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    const histogram = [...counts].map(([reason, count]) => `${count} ${reason}`).sort(byteOrder);
    if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  }
  if (diagnosis.postFilterMessage !== '') message += ` ${diagnosis.postFilterMessage}`;
  return message;
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Kubernetes truncates event messages to 1024 bytes (events.k8s.io note limit). */
export function truncateMessage(message: string, limit = 1024): string {
  if (Buffer.byteLength(message, 'utf8') <= limit) return message;
  const suffix = ' ...';
  let cut = message.slice(0, limit - suffix.length);
  while (Buffer.byteLength(cut, 'utf8') > limit - suffix.length) cut = cut.slice(0, -1);
  return cut + suffix;
}
