import type { Logger } from 'pino';
import { isApiError, isRecord, NodePoolLabels, Resources, type ApiClient, type Clock, type KubeObject } from '../../core/index.ts';
import { addressingFor, indexOfPodCidr, NodeIndexAllocator, PodAddressPool } from './addresses.ts';
import { LeaseHeartbeat, NODE_LEASE_NAMESPACE } from './lease-heartbeat.ts';
import type { ManagedNode } from './managed-node.ts';
import { buildNode, nodeLabels, nodeStatus, type NodeShape } from './node-object.ts';
import type { PoolSettings } from './options.ts';
import { PodRunner } from './pod-runner.ts';

export const SIMULATED_PROVIDER = 'simulated';

/**
 * Every simulated node of this control plane, whatever its pool: one pod
 * informer, one work queue and one lease ticker for all of them, so that
 * thousands of nodes cost a map entry each rather than a watch and a timer.
 */
export class SimulatedFleet {
  private readonly nodes = new Map<string, ManagedNode>();
  private readonly indexes = new NodeIndexAllocator();
  private readonly pods: PodRunner;
  private readonly heartbeat: LeaseHeartbeat;
  private starting: Promise<void> | undefined;
  private users = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.pods = new PodRunner(client, clock, logger, (name) => this.nodes.get(name));
    this.heartbeat = new LeaseHeartbeat(client, clock, logger, { onNodeGone: (name) => this.forget(name) });
  }

  /** Each pool's provider starts the fleet; the first start syncs the pod cache. */
  start(): Promise<void> {
    this.users++;
    this.starting ??= this.pods.start().then(() => this.heartbeat.start());
    return this.starting;
  }

  /** The last pool to stop stops the fleet; the nodes stay, as machines outlive a control plane restart. */
  async stop(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0 || this.starting === undefined) return;
    this.starting = undefined;
    this.heartbeat.stop();
    await this.pods.stop();
    for (const name of [...this.nodes.keys()]) this.forget(name);
  }

  has(name: string): boolean {
    return this.nodes.has(name);
  }

  /** Registers a new node, or takes over one of this pool left by an earlier run. */
  async register(name: string, settings: PoolSettings, zone: string, claimLabels: Record<string, string>): Promise<KubeObject> {
    if (this.nodes.has(name)) return this.client.get(Resources.nodes, undefined, name);
    const index = this.indexes.allocate();
    const shape: NodeShape = { name, settings, addressing: addressingFor(index), zone, claimLabels };
    let created: KubeObject;
    try {
      created = await this.client.create(Resources.nodes, buildNode(shape, this.clock.now()), { fieldManager: 'kubelet' });
    } catch (error) {
      this.indexes.release(index);
      if (!isApiError(error, 'AlreadyExists')) throw error;
      const existing = await this.client.get(Resources.nodes, undefined, name);
      if (!belongsTo(existing, settings.pool)) throw new Error(`node ${name} already exists and is not a simulated node of pool ${settings.pool}`, { cause: error });
      return this.adopt(existing, settings);
    }
    this.manage(created, shape);
    return created;
  }

  /** Resumes a node an earlier run registered: its labels follow the pool's options again, its status reports Ready now. */
  async adopt(existing: KubeObject, settings: PoolSettings): Promise<KubeObject> {
    const name = existing.metadata.name ?? '';
    const labels = existing.metadata.labels ?? {};
    const spec = isRecord(existing['spec']) ? existing['spec'] : {};
    const cidrIndex = typeof spec['podCIDR'] === 'string' ? indexOfPodCidr(spec['podCIDR']) : undefined;
    const index = cidrIndex !== undefined && this.indexes.claim(cidrIndex) ? cidrIndex : this.indexes.allocate();
    const zone = labels['topology.kubernetes.io/zone'] ?? settings.options.zones[0] ?? '';
    const claimLabels = { [NodePoolLabels.pool]: settings.pool, [NodePoolLabels.provider]: SIMULATED_PROVIDER };
    const shape: NodeShape = { name, settings, addressing: addressingFor(index), zone, claimLabels };
    try {
      let node = existing;
      const wanted = { ...labels, ...nodeLabels(shape) };
      if (!sameLabels(labels, wanted)) {
        node = await this.client.update(Resources.nodes, { ...node, metadata: { ...node.metadata, labels: wanted } }, { fieldManager: 'kubelet' });
      }
      node = await this.client.update(
        Resources.nodes,
        { apiVersion: 'v1', kind: 'Node', metadata: { name, resourceVersion: node.metadata.resourceVersion }, status: nodeStatus(shape, this.clock.now(), node['status']) },
        { subresource: 'status', fieldManager: 'kubelet' },
      );
      this.manage(node, shape);
      return node;
    } catch (error) {
      this.indexes.release(index);
      throw error;
    }
  }

  /**
   * Removes a node with its machine: the Node, its Lease, and the pods bound
   * to it (no kubelet will ever report on them again). False when no such
   * node existed.
   */
  async remove(name: string): Promise<boolean> {
    const wasManaged = this.forget(name);
    let existed = wasManaged;
    try {
      await this.client.delete(Resources.nodes, undefined, name);
      existed = true;
    } catch (error) {
      if (!isApiError(error, 'NotFound')) throw error;
    }
    try {
      await this.client.delete(Resources.leases, NODE_LEASE_NAMESPACE, name);
    } catch (error) {
      if (!isApiError(error, 'NotFound')) throw error;
    }
    await this.pods.deletePodsOn(name);
    return existed;
  }

  /** Every simulated Node in the cluster, of any pool. */
  async listNodes(): Promise<KubeObject[]> {
    const out: KubeObject[] = [];
    let continueToken: string | undefined;
    do {
      const page = await this.client.list(Resources.nodes, undefined, {
        labelSelector: `${NodePoolLabels.provider}=${SIMULATED_PROVIDER}`,
        limit: 1000,
        ...(continueToken === undefined ? {} : { continue: continueToken }),
      });
      out.push(...page.items);
      continueToken = page.metadata.continue === '' ? undefined : page.metadata.continue;
    } while (continueToken !== undefined);
    return out;
  }

  private manage(node: KubeObject, shape: NodeShape): void {
    const managed: ManagedNode = {
      name: shape.name,
      uid: node.metadata.uid ?? '',
      settings: shape.settings,
      addressing: shape.addressing,
      podAddresses: new PodAddressPool(shape.addressing.podCidr),
    };
    this.nodes.set(shape.name, managed);
    this.heartbeat.add(shape.name, managed.uid, shape.settings.options.heartbeatSeconds * 1000);
    this.pods.nodeAdded(managed);
  }

  /** stops running a node without touching it in the API; true when it was ours */
  private forget(name: string): boolean {
    const node = this.nodes.get(name);
    if (node === undefined) return false;
    this.nodes.delete(name);
    this.heartbeat.remove(name);
    this.indexes.release(node.addressing.index);
    return true;
  }
}

function belongsTo(node: KubeObject, pool: string): boolean {
  const labels = node.metadata.labels ?? {};
  return labels[NodePoolLabels.provider] === SIMULATED_PROVIDER && labels[NodePoolLabels.pool] === pool;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
