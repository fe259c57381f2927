/** The times conditions carry, and the Ready condition of Nodes (NodeClaim conditions: api/kinds/nodepool/conditions.ts). */
import { isRecord, type KubeObject } from '../../../api/types/meta.ts';

/** a timestamp as the API writes them, or undefined when absent or unparsable */
export function parseTime(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** whether a Node reports Ready=True (Karpenter counts any other node of a pool as disrupting) */
export function isNodeReady(node: KubeObject): boolean {
  const status = node['status'];
  const conditions = isRecord(status) && Array.isArray(status['conditions']) ? status['conditions'] : [];
  return conditions.some((c) => isRecord(c) && c['type'] === 'Ready' && c['status'] === 'True');
}
