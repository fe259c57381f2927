import type { KubeObject } from '../../../api/types/meta.ts';
import { NODE_POOL_API_VERSION } from '../../../api/kinds/nodepool/types.ts';

/**
 * Objects with their apiVersion and kind, for an Event's involvedObject:
 * items of a list (what informers cache) may come without them.
 */
export function asNodeClaim(obj: KubeObject): KubeObject {
  return { ...obj, apiVersion: NODE_POOL_API_VERSION, kind: 'NodeClaim' };
}

export function asNodePool(obj: KubeObject): KubeObject {
  return { ...obj, apiVersion: NODE_POOL_API_VERSION, kind: 'NodePool' };
}

export function asNode(obj: KubeObject): KubeObject {
  return { ...obj, apiVersion: 'v1', kind: 'Node' };
}

export function asPod(obj: KubeObject): KubeObject {
  return { ...obj, apiVersion: 'v1', kind: 'Pod' };
}
