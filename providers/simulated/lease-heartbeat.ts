import type { Logger } from 'pino';
import { isApiError, Resources, type ApiClient, type Clock, type KubeObject } from '../../core/index.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** kubelet's lease lasts four renew intervals (40 s for a 10 s renewal) */
const LEASE_DURATION_FACTOR = 4;

function microTime(date: Date): string {
  return date.toISOString().replace('Z', '000Z');
}

/** kubelet's JitterUntil factor for lease renewals: each waits 0-4% longer than the interval */
const RENEW_JITTER = 0.04;

interface LeaseHolder {
  name: string;
  uid: string;
  intervalMs: number;
  /** the Lease as last written, whose resourceVersion the next renewal updates */
  lease: KubeObject | undefined;
  /** bumped on remove, so a queued renewal of a removed node is dropped */
  generation: number;
}

interface Due {
  name: string;
  generation: number;
  /** the node's first write: the renewal after it comes at a random point of the interval */
  first: boolean;
}

export interface LeaseHeartbeatOptions {
  /** renewals in flight at once */
  maxInFlight?: number;
  tickMs?: number;
  /** told when a node's Lease and Node are both gone: someone deleted the node */
  onNodeGone(name: string): void;
}

/**
 * Renews each simulated node's Lease in kube-node-lease, as kubelet's node
 * lease controller does, with one ticker for the whole fleet: new nodes'
 * first writes wait in a FIFO that goes first, renewals in a timing wheel
 * of `tickMs` slots, and a bounded number run at once so that thousands of
 * nodes never burst the API.
 *
 * A fleet starts all at once, while real kubelets start at random times:
 * renewing every node one interval after its first write would renew them
 * all in the same second of every interval (5,000 nodes: bursts of 5,000
 * writes every 10 s, and a control plane idle in between). So the renewal
 * after a node's first write comes at a random point of the interval, which
 * spreads the fleet evenly, and each renewal after that waits 0-4% longer
 * than the interval, as kubelet's does, which keeps it spread.
 */
export class LeaseHeartbeat {
  private readonly holders = new Map<string, LeaseHolder>();
  private readonly fresh: Due[] = [];
  private freshHead = 0;
  /** renewals by the slot (time ÷ tickMs) they are due in */
  private readonly wheel = new Map<number, Due[]>();
  /** the earliest slot that may hold renewals */
  private cursor: number;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxInFlight: number;
  private readonly tickMs: number;

  constructor(
    private readonly client: ApiClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: LeaseHeartbeatOptions,
  ) {
    this.maxInFlight = options.maxInFlight ?? 16;
    this.tickMs = options.tickMs ?? 500;
    this.cursor = this.slotOf(Date.now());
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.pump(), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    for (const holder of this.holders.values()) holder.generation++;
    this.holders.clear();
    this.fresh.length = 0;
    this.freshHead = 0;
    this.wheel.clear();
  }

  /** starts heartbeating a node: its Lease is written at once, then every `intervalMs` */
  add(name: string, uid: string, intervalMs: number): void {
    const existing = this.holders.get(name);
    const holder: LeaseHolder = { name, uid, intervalMs, lease: existing?.lease, generation: (existing?.generation ?? 0) + 1 };
    this.holders.set(name, holder);
    this.fresh.push({ name, generation: holder.generation, first: true });
    this.pump();
  }

  remove(name: string): void {
    const holder = this.holders.get(name);
    if (holder === undefined) return;
    holder.generation++;
    this.holders.delete(name);
  }

  get size(): number {
    return this.holders.size;
  }

  private slotOf(time: number): number {
    return Math.floor(time / this.tickMs);
  }

  private schedule(holder: LeaseHolder, after: Due): void {
    const waitMs = after.first ? Math.random() * holder.intervalMs : holder.intervalMs * (1 + Math.random() * RENEW_JITTER);
    const slot = Math.max(this.cursor, this.slotOf(Date.now() + waitMs));
    let entries = this.wheel.get(slot);
    if (entries === undefined) {
      entries = [];
      this.wheel.set(slot, entries);
    }
    entries.push({ name: holder.name, generation: holder.generation, first: false });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.freshHead < this.fresh.length) {
      const due = this.fresh[this.freshHead++];
      if (due !== undefined) this.run(due);
    }
    if (this.freshHead === this.fresh.length) {
      this.fresh.length = 0;
      this.freshHead = 0;
    }
    const now = this.slotOf(Date.now());
    while (this.inFlight < this.maxInFlight && this.cursor <= now) {
      const due = this.wheel.get(this.cursor)?.pop();
      if (due === undefined) {
        this.wheel.delete(this.cursor);
        this.cursor++;
      } else this.run(due);
    }
  }

  private run(due: Due): void {
    const holder = this.holders.get(due.name);
    if (holder === undefined || holder.generation !== due.generation) return;
    this.inFlight++;
    void this.renew(holder).finally(() => {
      this.inFlight--;
      if (this.holders.get(holder.name) === holder && holder.generation === due.generation) this.schedule(holder, due);
      this.pump();
    });
  }

  /** never throws: a failed renewal is retried at the next interval */
  private async renew(holder: LeaseHolder): Promise<void> {
    const now = this.clock.now();
    try {
      holder.lease = holder.lease === undefined ? await this.createLease(holder, now) : await this.updateLease(holder, holder.lease, now);
    } catch (error) {
      // Someone else wrote the Lease: the next renewal reads it afresh, as kubelet does.
      if (isApiError(error, 'Conflict')) {
        holder.lease = undefined;
        return;
      }
      if (isApiError(error, 'NotFound')) {
        holder.lease = undefined;
        if (await this.nodeIsGone(holder.name).catch(() => false)) {
          this.remove(holder.name);
          this.options.onNodeGone(holder.name);
        }
        return;
      }
      // A renewal still in flight when the fleet stopped may fail as the API closes; that is no news.
      if (this.timer !== undefined) this.logger.warn({ err: error, node: holder.name }, 'failed to renew node lease; will retry');
    }
  }

  private async createLease(holder: LeaseHolder, now: Date): Promise<KubeObject> {
    const lease: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: holder.name,
        namespace: NODE_LEASE_NAMESPACE,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: holder.name, uid: holder.uid }],
      },
      spec: this.spec(holder, now),
    };
    try {
      return await this.client.create(Resources.leases, lease, { fieldManager: 'kubelet' });
    } catch (error) {
      if (!isApiError(error, 'AlreadyExists')) throw error;
      // A lease left by an earlier run of this node: take it over.
      return this.updateLease(holder, await this.client.get(Resources.leases, NODE_LEASE_NAMESPACE, holder.name), now);
    }
  }

  private updateLease(holder: LeaseHolder, current: KubeObject, now: Date): Promise<KubeObject> {
    const next: KubeObject = { ...current, metadata: { ...current.metadata }, spec: this.spec(holder, now) };
    next.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: holder.name, uid: holder.uid }];
    return this.client.update(Resources.leases, next, { fieldManager: 'kubelet' });
  }

  private spec(holder: LeaseHolder, now: Date): Record<string, unknown> {
    return {
      holderIdentity: holder.name,
      leaseDurationSeconds: Math.ceil((holder.intervalMs * LEASE_DURATION_FACTOR) / 1000),
      renewTime: microTime(now),
    };
  }

  private async nodeIsGone(name: string): Promise<boolean> {
    try {
      await this.client.get(Resources.nodes, undefined, name);
      return false;
    } catch (error) {
      return isApiError(error, 'NotFound');
    }
  }
}
