import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import { Resources } from '../../../client/resources.ts';
import { WellKnownLabels } from '../../../api/kinds/nodepool/types.ts';
import { Indexes, type IndexFunction } from '../../framework/indexed-cache.ts';
import type { InformerFactory } from '../../framework/informer-factory.ts';
import type { SharedInformer } from '../../framework/shared-informer.ts';
import { LifecycleIndexes } from './lifecycle-context.ts';
import { poolNameOf } from './claim-pool.ts';

export interface LifecycleInformers {
  pools: SharedInformer;
  claims: SharedInformer;
  nodes: SharedInformer;
  pods: SharedInformer;
}

function field(obj: KubeObject, part: 'spec' | 'status', name: string): string[] {
  const section = obj[part];
  const value = isRecord(section) ? section[name] : undefined;
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/** Adds an index unless another controller of the same informers added it already. */
function ensureIndex(informer: SharedInformer, name: string, index: IndexFunction): void {
  try {
    informer.addIndex(name, index);
  } catch {
    // already there: the informer is shared
  }
}

/** The informers the lifecycle controllers read, with the indexes they look things up by. */
export function lifecycleInformers(factory: InformerFactory): LifecycleInformers {
  const informers = {
    pools: factory.forResource(Resources.nodePools),
    claims: factory.forResource(Resources.nodeClaims),
    nodes: factory.forResource(Resources.nodes),
    pods: factory.forResource(Resources.pods),
  };
  ensureIndex(informers.claims, LifecycleIndexes.nodeName, (c) => field(c, 'status', 'nodeName'));
  ensureIndex(informers.claims, LifecycleIndexes.providerID, (c) => field(c, 'status', 'providerID'));
  ensureIndex(informers.claims, LifecycleIndexes.nodePool, (c) => {
    const pool = poolNameOf(c);
    return pool === undefined ? [] : [pool];
  });
  ensureIndex(informers.nodes, LifecycleIndexes.providerID, (n) => field(n, 'spec', 'providerID'));
  ensureIndex(informers.nodes, LifecycleIndexes.nodePool, (n) => {
    const pool = n.metadata.labels?.[WellKnownLabels.nodePool];
    return pool === undefined || pool === '' ? [] : [pool];
  });
  ensureIndex(informers.pods, LifecycleIndexes.nodeName, Indexes.nodeName);
  return informers;
}
