import type { KubeObject } from '../../api/types/meta.ts';
import { Indexes } from '../framework/indexed-cache.ts';
import type { SharedInformer } from '../framework/shared-informer.ts';

export const NODE_NAME_INDEX = 'nodeName';

/** Adds the spec.nodeName index to the shared pod informer, once for every controller that asks. */
export function ensureNodeNameIndex(pods: SharedInformer): void {
  try {
    pods.addIndex(NODE_NAME_INDEX, Indexes.nodeName);
  } catch {
    // Another controller added it already; the index is the same.
  }
}

export function podsOnNode(pods: SharedInformer, nodeName: string): KubeObject[] {
  return pods.cache.byIndex(NODE_NAME_INDEX, nodeName);
}
