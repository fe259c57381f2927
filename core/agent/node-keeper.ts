/**
 * Registers the agent's Node and keeps it alive: the Lease in
 * kube-node-lease renewed every `leaseRenewMs` (kubelet: 10 s, a 40 s lease)
 * and the Node status checked every `statusCheckMs` and written when it
 * differs from what the API holds (the node lifecycle controller may have
 * marked it Unknown) or after `statusReportMs` (kubelet: 5 min).
 */
import type { Logger } from 'pino';
import { isApiError } from '../api/errors.ts';
import { isRecord, type KubeObject } from '../api/types/meta.ts';
import type { ApiClient } from '../client/api-client.ts';
import { Resources } from '../client/resources.ts';
import { buildNode, nodeLabels, nodeStatus, type NodeShape } from './node-object.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeKeeperTiming {
  leaseRenewMs: number;
  statusCheckMs: number;
  statusReportMs: number;
}

export const DEFAULT_NODE_TIMING: NodeKeeperTiming = { leaseRenewMs: 10_000, statusCheckMs: 10_000, statusReportMs: 300_000 };

function microTime(date: Date): string {
  return date.toISOString().replace('Z', '000Z');
}

/** the status without heartbeat times, to compare what matters */
function comparable(status: unknown): string {
  if (!isRecord(status)) return '';
  const conditions = Array.isArray(status['conditions'])
    ? status['conditions'].filter(isRecord).map((c) => ({ type: c['type'], status: c['status'], reason: c['reason'] }))
    : [];
  return JSON.stringify({ ...status, conditions });
}

export class NodeKeeper {
  private node: KubeObject | undefined;
  private lease: KubeObject | undefined;
  private lastReport = 0;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly client: ApiClient,
    private readonly shape: NodeShape,
    private readonly logger: Logger,
    private readonly timing: NodeKeeperTiming = DEFAULT_NODE_TIMING,
  ) {}

  get uid(): string {
    return this.node?.metadata.uid ?? '';
  }

  /** Creates the Node or takes over the one an earlier run left; writes the first Lease. */
  async register(): Promise<void> {
    const now = new Date();
    try {
      this.node = await this.client.create(Resources.nodes, buildNode(this.shape, now), { fieldManager: 'kubelet' });
    } catch (error) {
      if (!isApiError(error, 'AlreadyExists')) throw error;
      const existing = await this.client.get(Resources.nodes, undefined, this.shape.name);
      this.node = await this.client.patch(Resources.nodes, undefined, this.shape.name, 'merge', { metadata: { labels: nodeLabels(this.shape) } }, { fieldManager: 'kubelet' });
      await this.writeStatus(existing['status']);
    }
    this.lastReport = Date.now();
    await this.renewLease();
    this.logger.info({ node: this.shape.name }, 'node registered');
  }

  start(): void {
    const every = (ms: number, work: () => Promise<void>, what: string): void => {
      const timer = setInterval(() => void work().catch((error: unknown) => this.logger.warn({ err: error }, `${what} failed; will retry`)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.timing.leaseRenewMs, () => this.renewLease(), 'node lease renewal');
    every(this.timing.statusCheckMs, () => this.checkStatus(), 'node status update');
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  private async checkStatus(): Promise<void> {
    const current = await this.client.get(Resources.nodes, undefined, this.shape.name);
    this.node = current;
    const due = Date.now() - this.lastReport >= this.timing.statusReportMs;
    if (due || comparable(current['status']) !== comparable(nodeStatus(this.shape, new Date(), current['status']))) await this.writeStatus(current['status']);
  }

  private async writeStatus(previous: unknown): Promise<void> {
    const status = nodeStatus(this.shape, new Date(), previous);
    this.node = await this.client.patch(Resources.nodes, undefined, this.shape.name, 'merge', { status }, { subresource: 'status', fieldManager: 'kubelet' });
    this.lastReport = Date.now();
  }

  private async renewLease(): Promise<void> {
    const now = new Date();
    const spec = { holderIdentity: this.shape.name, leaseDurationSeconds: Math.ceil((this.timing.leaseRenewMs * 4) / 1000), renewTime: microTime(now) };
    const owner = [{ apiVersion: 'v1', kind: 'Node', name: this.shape.name, uid: this.uid }];
    try {
      if (this.lease === undefined) {
        try {
          this.lease = await this.client.create(
            Resources.leases,
            { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.shape.name, namespace: NODE_LEASE_NAMESPACE, ownerReferences: owner }, spec },
            { fieldManager: 'kubelet' },
          );
          return;
        } catch (error) {
          if (!isApiError(error, 'AlreadyExists')) throw error;
          this.lease = await this.client.get(Resources.leases, NODE_LEASE_NAMESPACE, this.shape.name);
        }
      }
      const next: KubeObject = { ...this.lease, metadata: { ...this.lease.metadata, ownerReferences: owner }, spec };
      this.lease = await this.client.update(Resources.leases, next, { fieldManager: 'kubelet' });
    } catch (error) {
      // Someone else wrote it (or it was removed): read it afresh next time, as kubelet does.
      if (isApiError(error, 'Conflict') || isApiError(error, 'NotFound')) {
        this.lease = undefined;
        return;
      }
      throw error;
    }
  }
}
