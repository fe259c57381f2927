import type { Logger } from 'pino';
import {
  InstanceNotFoundError,
  NodePoolLabels,
  settleConcurrently,
  type InstanceType,
  type KubeObject,
  type NodeClaimSpec,
  type NodeInstance,
  type NodeProvider,
  type NodeProviderCapabilities,
} from '../../core/index.ts';
import { SIMULATED_PROVIDER, type SimulatedFleet } from './fleet.ts';
import { nodeNameOfProviderId, providerIdOf } from './node-object.ts';
import type { PoolSettings } from './options.ts';

/** adopting or registering nodes: writes in flight at once */
const CONCURRENT_WRITES = 64;

/** One simulated pool: its nodes are records in the fleet, made and removed at API speed. */
export class SimulatedNodeProvider implements NodeProvider {
  readonly name = SIMULATED_PROVIDER;
  readonly capabilities: NodeProviderCapabilities = { registersNodes: true, maxConcurrentCreates: CONCURRENT_WRITES, capacityTypes: ['on-demand'] };

  constructor(
    private readonly settings: PoolSettings,
    private readonly fleet: SimulatedFleet,
    private readonly logger: Logger,
  ) {}

  instanceTypes(): InstanceType[] {
    return [this.settings.instanceType];
  }

  /** Starts the fleet and resumes this pool's nodes from an earlier run (heartbeats, pods). */
  async start(): Promise<void> {
    await this.fleet.start();
    let mine: KubeObject[];
    try {
      mine = (await this.fleet.listNodes()).filter((n) => n.metadata.labels?.[NodePoolLabels.pool] === this.settings.pool);
    } catch (error) {
      await this.fleet.stop();
      throw error;
    }
    const results = await settleConcurrently(mine, CONCURRENT_WRITES, (node) => this.fleet.adopt(node, this.settings));
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) this.logger.warn({ pool: this.settings.pool, failed: failed.length, err: failed[0]?.reason }, 'could not resume some simulated nodes');
    if (mine.length > 0) this.logger.info({ pool: this.settings.pool, nodes: mine.length - failed.length }, 'resumed simulated nodes');
  }

  stop(): Promise<void> {
    return this.fleet.stop();
  }

  async create(claim: NodeClaimSpec): Promise<{ providerId: string; nodeName: string }> {
    const { instanceType } = this.settings;
    if (claim.instanceType !== undefined && claim.instanceType !== instanceType.name) {
      throw new Error(`pool ${this.settings.pool} offers instance type ${instanceType.name} only, not ${claim.instanceType}`);
    }
    if (claim.zone !== undefined && !instanceType.zones.includes(claim.zone)) {
      throw new Error(`pool ${this.settings.pool} has no zone ${claim.zone}; its zones are ${instanceType.zones.join(', ')}`);
    }
    const zone = claim.zone ?? zoneFor(claim.name, instanceType.zones);
    const labels = { ...claim.labels, [NodePoolLabels.pool]: this.settings.pool, [NodePoolLabels.provider]: SIMULATED_PROVIDER };
    const node = await this.fleet.register(claim.name, this.settings, zone, labels);
    const nodeName = node.metadata.name ?? claim.name;
    return { providerId: providerIdOf(nodeName), nodeName };
  }

  async delete(providerId: string): Promise<void> {
    const name = nodeNameOfProviderId(providerId);
    if (name === undefined || !(await this.fleet.remove(name))) throw new InstanceNotFoundError(providerId);
  }

  async list(): Promise<NodeInstance[]> {
    return (await this.fleet.listNodes()).map(instanceOf);
  }
}

function instanceOf(node: KubeObject): NodeInstance {
  const labels = node.metadata.labels ?? {};
  const name = node.metadata.name ?? '';
  return {
    providerId: providerIdOf(name),
    nodeName: name,
    pool: labels[NodePoolLabels.pool] ?? '',
    instanceType: labels['node.kubernetes.io/instance-type'] ?? '',
    zone: labels['topology.kubernetes.io/zone'] ?? '',
    capacityType: 'on-demand',
    createdAt: new Date(node.metadata.creationTimestamp ?? 0),
  };
}

/** `pool-7` goes to zone 7 mod n, so names and zones stay paired across restarts; other names spread by hash. */
export function zoneFor(name: string, zones: readonly string[]): string {
  const match = /-(\d+)$/.exec(name);
  let n = match === null ? 0 : Number(match[1]);
  if (match === null) for (const ch of name) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  return zones[n % zones.length] ?? '';
}
