/**
 * The informers the disruption controller watches, and the snapshot a pass
 * takes of them. Pod removals are remembered as they are seen, since the
 * cluster's state no longer shows a pod that left (Karpenter keeps a
 * NodeClaim's lastPodEventTime for the same reason).
 */
import type { Logger } from 'pino';
import { readNodeClaim, readNodePool } from '../../../api/kinds/nodepool/read.ts';
import type { NodePoolObject } from '../../../api/kinds/nodepool/types.ts';
import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import { Resources } from '../../../client/resources.ts';
import type { InstanceType } from '../../../contracts/node-provider.ts';
import type { InformerFactory } from '../../framework/informer-factory.ts';
import type { SharedInformer } from '../../framework/shared-informer.ts';
import type { ClusterSnapshot } from './cluster-view.ts';
import { isActivePod, isDaemonSetPod, isMirrorPod } from './pod-classes.ts';
import { jsonEqual } from '../../../api/types/json-equal.ts';

function nodeNameOf(pod: KubeObject): string {
  const spec = pod['spec'];
  return isRecord(spec) && typeof spec['nodeName'] === 'string' ? spec['nodeName'] : '';
}

function phaseOf(pod: KubeObject): unknown {
  const status = pod['status'];
  return isRecord(status) ? status['phase'] : undefined;
}

/** a pod change that can alter a disruption decision (not every status heartbeat) */
function podChangeMatters(before: KubeObject, after: KubeObject): boolean {
  return (
    nodeNameOf(before) !== nodeNameOf(after) ||
    phaseOf(before) !== phaseOf(after) ||
    before.metadata.deletionTimestamp !== after.metadata.deletionTimestamp ||
    !jsonEqual(before.metadata.annotations, after.metadata.annotations) ||
    !jsonEqual(before.metadata.labels, after.metadata.labels)
  );
}

export interface SnapshotSourceOptions {
  informers: InformerFactory;
  now(): Date;
  instanceTypesOf(pool: NodePoolObject): readonly InstanceType[];
  logger: Logger;
  /** called on every change that may matter */
  onChange(): void;
}

export class SnapshotSource {
  readonly pods: SharedInformer;
  readonly nodes: SharedInformer;
  readonly claims: SharedInformer;
  readonly pools: SharedInformer;
  readonly pdbs: SharedInformer;
  readonly namespaces: SharedInformer;
  private readonly removals = new Map<string, Date>();

  constructor(private readonly options: SnapshotSourceOptions) {
    const { informers, onChange } = options;
    this.pods = informers.forResource(Resources.pods);
    this.nodes = informers.forResource(Resources.nodes);
    this.claims = informers.forResource(Resources.nodeClaims);
    this.pools = informers.forResource(Resources.nodePools);
    this.pdbs = informers.forResource(Resources.podDisruptionBudgets);
    this.namespaces = informers.forResource(Resources.namespaces);
    const wake = { onAdd: onChange, onUpdate: onChange, onDelete: onChange };
    for (const informer of [this.nodes, this.claims, this.pools, this.pdbs]) informer.addHandlers(wake);
    this.pods.addHandlers({
      onAdd: onChange,
      onUpdate: (before, after) => {
        if (isActivePod(before) && !isActivePod(after)) this.noteRemoval(before);
        if (podChangeMatters(before, after)) onChange();
      },
      onDelete: (pod) => {
        if (isActivePod(pod)) this.noteRemoval(pod);
        onChange();
      },
    });
  }

  async waitForSync(): Promise<void> {
    await Promise.all([this.pods, this.nodes, this.claims, this.pools, this.pdbs, this.namespaces].map((i) => i.waitForSync()));
  }

  namespaceLabels = (name: string): Readonly<Record<string, string>> | undefined => this.namespaces.cache.get(name)?.metadata.labels;

  take(): ClusterSnapshot {
    const claims = this.claims.cache.list().map(readNodeClaim);
    const podsByNode = new Map<string, KubeObject[]>();
    // Without a NodeClaim there is nothing to disrupt: the pods and nodes (100,000 and 1,000 in c1m-lite, every second) are not gathered.
    const pods = claims.length === 0 ? [] : this.pods.cache.list();
    for (const pod of pods) {
      const nodeName = nodeNameOf(pod);
      if (nodeName === '') continue;
      const list = podsByNode.get(nodeName);
      if (list === undefined) podsByNode.set(nodeName, [pod]);
      else list.push(pod);
    }
    const pools = new Map(this.pools.cache.list().map((p) => [p.metadata.name ?? '', readNodePool(p)]));
    const catalogs = new Map<string, readonly InstanceType[]>();
    const now = this.options.now();
    // Removals older than an hour no longer change any consolidateAfter anyone sets; forget them.
    for (const [node, at] of this.removals) if (now.getTime() - at.getTime() > 3_600_000) this.removals.delete(node);
    return {
      now,
      pools,
      claims,
      nodes: new Map(claims.length === 0 ? [] : this.nodes.cache.list().map((n) => [n.metadata.name ?? '', n])),
      podsByNode,
      pdbs: this.pdbs.cache.list(),
      lastPodRemoval: (node) => this.removals.get(node),
      instanceTypesOf: (pool) => {
        const name = pool.metadata.name ?? '';
        let catalog = catalogs.get(name);
        if (catalog === undefined) {
          try {
            catalog = this.options.instanceTypesOf(pool);
          } catch (error) {
            this.options.logger.warn({ err: error, nodepool: name }, 'listing the instance types of the pool failed; no replacement for its nodes');
            catalog = [];
          }
          catalogs.set(name, catalog);
        }
        return catalog;
      },
    };
  }

  private noteRemoval(pod: KubeObject): void {
    const node = nodeNameOf(pod);
    if (node === '' || isDaemonSetPod(pod) || isMirrorPod(pod)) return;
    this.removals.set(node, this.options.now());
  }
}
