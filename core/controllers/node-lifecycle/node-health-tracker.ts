import type { Logger } from 'pino';
import type { KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import { conditionsOf, parseTime, renewTimeOf, type Condition } from './node-fields.ts';
import { afterStatusWrite, assessNodeHealth, type HealthTimings, type NodeHealth, type NodeSnapshot } from './node-health.ts';
import { writeNodeConditions } from './node-writes.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** NodeHealthUpdateRetry and retrySleepTime of Kubernetes */
const UPDATE_RETRIES = 5;
const RETRY_SLEEP_MS = 20;

export interface NodeHealthResult {
  /** the node as last read or written */
  node: KubeObject;
  observedReady: Condition;
  currentReady: Condition | undefined;
}

/**
 * The controller's memory of every node's heartbeats (nodeHealthMap) and the
 * write that turns a silent node's conditions Unknown.
 */
export class NodeHealthTracker {
  private readonly records = new Map<string, NodeHealth>();

  constructor(
    private readonly deps: { client: ApiClient; leases: IndexedCache; logger: Logger; now: () => number; timings: HealthTimings },
  ) {}

  get(name: string): NodeHealth | undefined {
    return this.records.get(name);
  }

  forget(name: string): void {
    this.records.delete(name);
  }

  /** after a full disruption ends, every node gets a whole grace period again */
  resetProbes(names: Iterable<string>): void {
    const now = this.deps.now();
    for (const name of names) {
      const record = this.records.get(name);
      if (record !== undefined) this.records.set(name, { ...record, probeTimestamp: now, readyTransitionTimestamp: now });
    }
  }

  /**
   * tryUpdateNodeHealth, retried on a fresh copy of the node when the write
   * fails; undefined when it kept failing (no pods are touched then).
   */
  async update(cached: KubeObject): Promise<NodeHealthResult | undefined> {
    const name = cached.metadata.name ?? '';
    let node = cached;
    for (let attempt = 1; ; attempt++) {
      const now = this.deps.now();
      const assessment = assessNodeHealth(this.records.get(name), this.snapshot(node, now), now, this.deps.timings);
      this.records.set(name, assessment.health);
      const { observedReady, currentReady } = assessment;
      if (assessment.newConditions === undefined) return { node, observedReady, currentReady };
      try {
        const written = await writeNodeConditions(this.deps.client, node, assessment.newConditions);
        this.records.set(name, afterStatusWrite(assessment, now));
        return { node: written, observedReady, currentReady };
      } catch (error) {
        if (attempt >= UPDATE_RETRIES) {
          this.deps.logger.warn({ err: error, node: name }, 'could not update node health; no pods will be evicted');
          return undefined;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_SLEEP_MS));
      try {
        node = await this.deps.client.get(Resources.nodes, undefined, name);
      } catch (error) {
        this.deps.logger.debug({ err: error, node: name }, 'node gone while updating its health');
        return undefined;
      }
    }
  }

  private snapshot(node: KubeObject, now: number): NodeSnapshot {
    const name = node.metadata.name ?? '';
    return {
      conditions: conditionsOf(node),
      createdAt: parseTime(node.metadata.creationTimestamp) ?? now,
      leaseRenewTime: renewTimeOf(this.deps.leases.get(`${NODE_LEASE_NAMESPACE}/${name}`)),
    };
  }
}
