import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  /** who we are: unique per process */
  identity: string;
  leaseDurationSeconds: number;
  /** how often the leader renews and candidates retry */
  retryPeriodMs: number;
}

function microTime(date: Date): string {
  return date.toISOString().replace('Z', '000Z');
}

/**
 * Leader election through a coordination.k8s.io Lease, as client-go's:
 * a candidate takes the Lease when it is free or expired, the leader renews
 * it every retry period, and loses it (and must stop its work) when a renewal
 * fails past the lease duration. Several control planes can then run side by
 * side with one active set of controllers.
 */
export class LeaderElector {
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private lastRenew = 0;
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    private readonly options: LeaderElectionOptions,
    private readonly logger: Logger,
    private readonly callbacks: { onStartedLeading(): void; onStoppedLeading(): void },
  ) {}

  start(): void {
    void this.tick();
  }

  get isLeader(): boolean {
    return this.leading;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.leading) {
      this.leading = false;
      this.callbacks.onStoppedLeading();
      // Release the lease so another candidate need not wait for it to expire.
      await this.write((lease) => ({ ...lease, spec: { ...specOf(lease), holderIdentity: '', leaseDurationSeconds: 1 } })).catch(() => undefined);
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      const acquired = await this.tryAcquireOrRenew();
      if (acquired) {
        this.lastRenew = Date.now();
        if (!this.leading) {
          this.leading = true;
          this.logger.info({ lease: this.options.name, identity: this.options.identity }, 'became leader');
          this.callbacks.onStartedLeading();
        }
      }
    } catch (error) {
      this.logger.debug({ err: error }, 'lease renewal failed');
    }
    if (this.leading && Date.now() - this.lastRenew > this.options.leaseDurationSeconds * 1000) {
      this.leading = false;
      this.logger.warn({ lease: this.options.name }, 'lost leadership');
      this.callbacks.onStoppedLeading();
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.options.retryPeriodMs);
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name, identity, leaseDurationSeconds } = this.options;
    const now = new Date();
    let lease: KubeObject;
    try {
      lease = await this.client.get(Resources.leases, namespace, name);
    } catch (error) {
      if (!isApiError(error, 'NotFound')) throw error;
      await this.client.create(Resources.leases, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace },
        spec: { holderIdentity: identity, leaseDurationSeconds, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 },
      });
      return true;
    }
    const spec = specOf(lease);
    const holder = typeof spec['holderIdentity'] === 'string' ? spec['holderIdentity'] : '';
    const renewed = typeof spec['renewTime'] === 'string' ? Date.parse(spec['renewTime']) : 0;
    const duration = typeof spec['leaseDurationSeconds'] === 'number' ? spec['leaseDurationSeconds'] : leaseDurationSeconds;
    const expired = renewed + duration * 1000 < now.getTime();
    if (holder !== '' && holder !== identity && !expired) return false;
    const transitions = typeof spec['leaseTransitions'] === 'number' ? spec['leaseTransitions'] : 0;
    const next = {
      ...spec,
      holderIdentity: identity,
      leaseDurationSeconds,
      renewTime: microTime(now),
      ...(holder === identity ? {} : { acquireTime: microTime(now), leaseTransitions: transitions + 1 }),
    };
    // The update carries the version read: two candidates cannot both win.
    await this.client.update(Resources.leases, { ...lease, spec: next });
    return true;
  }

  private async write(change: (lease: KubeObject) => KubeObject): Promise<void> {
    const lease = await this.client.get(Resources.leases, this.options.namespace, this.options.name);
    if (specOf(lease)['holderIdentity'] !== this.options.identity) return;
    await this.client.update(Resources.leases, change(lease));
  }
}

function specOf(lease: KubeObject): Record<string, unknown> {
  return isRecord(lease['spec']) ? lease['spec'] : {};
}
