import type { Logger } from 'pino';
import { isApiError, Resources, type ApiClient, type Clock, type KubeObject } from '../../core/index.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** kubelet's lease lasts four renew intervals (40 s for a 10 s renewal) */
const LEASE_DURATION_FACTOR = 4;

function microTime(date: Date): string {
  return date.toISOString().replace('Z', '000Z');
}

/** the queue of nodes whose Lease is yet to be written; it sorts before every interval */
const NEW_NODES = -1;

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
  at: number;
  generation: number;
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
 * lease controller does, with one ticker for the whole fleet: renewals wait
 * in one FIFO per interval (each entry due one interval after it was queued,
 * so the FIFO stays sorted), new nodes in a FIFO of their own that goes
 * first, and a bounded number run at once so that thousands of nodes never
 * burst the API.
 */
export class LeaseHeartbeat {
  private readonly holders = new Map<string, LeaseHolder>();
  /** key NEW_NODES: first writes, due at once; else the renew interval in ms */
  private readonly queues = new Map<number, { items: Due[]; head: number }>([[NEW_NODES, { items: [], head: 0 }]]);
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
    for (const queue of this.queues.values()) {
      queue.items = [];
      queue.head = 0;
    }
  }

  /** starts heartbeating a node: its Lease is written at once, then every `intervalMs` */
  add(name: string, uid: string, intervalMs: number): void {
    const existing = this.holders.get(name);
    const holder: LeaseHolder = { name, uid, intervalMs, lease: existing?.lease, generation: (existing?.generation ?? 0) + 1 };
    this.holders.set(name, holder);
    this.enqueue(holder, NEW_NODES, Date.now());
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

  private enqueue(holder: LeaseHolder, key: number, at: number): void {
    let queue = this.queues.get(key);
    if (queue === undefined) {
      queue = { items: [], head: 0 };
      this.queues.set(key, queue);
    }
    queue.items.push({ name: holder.name, at, generation: holder.generation });
  }

  private pump(): void {
    const now = Date.now();
    for (const queue of this.queues.values()) {
      while (this.inFlight < this.maxInFlight && queue.head < queue.items.length) {
        const due = queue.items[queue.head];
        if (due === undefined || due.at > now) break;
        queue.head++;
        const holder = this.holders.get(due.name);
        if (holder === undefined || holder.generation !== due.generation) continue;
        this.inFlight++;
        void this.renew(holder).finally(() => {
          this.inFlight--;
          if (this.holders.get(holder.name) === holder && holder.generation === due.generation) this.enqueue(holder, holder.intervalMs, Date.now() + holder.intervalMs);
          this.pump();
        });
      }
      // Drop the consumed front now and then instead of shifting on every pop.
      if (queue.head > 1024 && queue.head * 2 > queue.items.length) {
        queue.items = queue.items.slice(queue.head);
        queue.head = 0;
      }
    }
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
