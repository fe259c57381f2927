import { paginateDescribeInstances, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import type { Logger } from 'pino';
import {
  InstanceNotFoundError,
  type Architecture,
  type CapacityType,
  type ClusterAccess,
  type InstanceType,
  type NodeClaimSpec,
  type NodeInstance,
  type NodeProvider,
  type NodeProviderCapabilities,
  type NodeProviderContext,
} from '../../core/index.ts';
import { loadCatalog, type Catalog, type CatalogSettings } from './catalog.ts';
import type { Ec2Connection } from './ec2-client.ts';
import { toNodeProviderError } from './errors.ts';
import { instanceIdOf, nodeInstanceOf, nodeNameOf, providerIdOf, Tags } from './instance.ts';
import { AWS_PROVIDER, nodeLabelsOf, runInstancesInput, type LaunchTarget } from './launch.ts';
import { allowedCapacityTypes, imagesByArch, zoneSubnets, type AwsOptions } from './options.ts';
import { bootScript, encodeUserData } from './user-data.ts';

export interface AwsProviderDeps {
  pool: NodeProviderContext['pool'];
  logger: Logger;
  cluster: ClusterAccess | undefined;
  connection: Ec2Connection;
}

/** States of a machine that still is, or may again be, a node; shutting-down and terminated ones are gone. */
const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];
const GONE_STATES: ReadonlySet<string | undefined> = new Set(['shutting-down', 'terminated']);

/** One `aws` pool: EC2 instances launched with RunInstances that join the cluster by themselves (user data). */
export class AwsNodeProvider implements NodeProvider {
  readonly name = AWS_PROVIDER;
  readonly capabilities: NodeProviderCapabilities;
  private catalog: Catalog = { types: [], unpriced: [] };
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly zones: Map<string, string | undefined>;
  private readonly images: Map<Architecture, string>;
  private readonly capacityTypes: CapacityType[];
  private readonly logger: Logger;

  constructor(
    private readonly options: AwsOptions,
    private readonly deps: AwsProviderDeps,
  ) {
    this.zones = zoneSubnets(options);
    this.images = imagesByArch(options);
    this.capacityTypes = allowedCapacityTypes(options);
    this.capabilities = { registersNodes: false, maxConcurrentCreates: options.maxConcurrentCreates, capacityTypes: this.capacityTypes };
    this.logger = deps.logger.child({ provider: AWS_PROVIDER, pool: deps.pool.name });
  }

  instanceTypes(): InstanceType[] {
    return [...this.catalog.types];
  }

  /** Loads the catalog (a pool cannot launch without it) and refreshes it every `catalogRefreshMinutes`. */
  async start(): Promise<void> {
    await this.refreshCatalog();
    this.refreshTimer = setInterval(() => {
      this.refreshCatalog().catch((err: unknown) => this.logger.warn({ err }, 'could not refresh the EC2 instance-type catalog; keeping the last one'));
    }, this.options.catalogRefreshMinutes * 60_000);
    this.refreshTimer.unref();
  }

  /** Ends the catalog refresh and closes the EC2 client's connections; the instances stay. */
  stop(): Promise<void> {
    clearInterval(this.refreshTimer);
    this.refreshTimer = undefined;
    this.deps.connection.ec2.destroy();
    return Promise.resolve();
  }

  async refreshCatalog(): Promise<void> {
    const settings: CatalogSettings = {
      zones: [...this.zones.keys()],
      capacityTypes: this.capacityTypes,
      architectures: [...this.images.keys()],
      instanceFamilies: this.options.instanceFamilies,
      instanceTypes: this.options.instanceTypes,
      prices: this.options.prices,
    };
    let catalog: Catalog;
    try {
      catalog = await loadCatalog(this.deps.connection.ec2, settings);
    } catch (error) {
      throw toNodeProviderError(error, { retryAfterMs: this.deps.connection.retry.retryAfterMs() });
    }
    if (catalog.unpriced.length > 0 && catalog.unpriced.join() !== this.catalog.unpriced.join()) {
      this.logger.warn({ types: catalog.unpriced }, 'instance types left out of the catalog: nothing prices them; add them to options.prices');
    }
    if (catalog.types.length === 0) this.logger.warn({ zones: settings.zones }, 'the EC2 instance-type catalog is empty: no type matches the options in these zones');
    this.catalog = catalog;
  }

  async create(claim: NodeClaimSpec): Promise<{ providerId: string; nodeName: string }> {
    const { cluster } = this.deps;
    if (cluster === undefined) throw new Error(`aws pool ${this.deps.pool.name} cannot launch ${claim.name}: there is no control plane to join (no cluster access)`);
    if (claim.bootstrapToken === undefined) throw new Error(`aws pool ${this.deps.pool.name} cannot launch ${claim.name}: the claim has no bootstrap token to join with`);
    const target = this.targetFor(claim);
    const script = bootScript({
      claimName: claim.name,
      server: cluster.server,
      caCertPem: cluster.caCertPem,
      bootstrapToken: claim.bootstrapToken,
      installCommand: this.options.installCommand,
      labels: nodeLabelsOf(claim, target, this.options.region),
      taints: claim.taints,
      pods: target.type.pods,
    });
    const input = runInstancesInput(claim, target, this.options, encodeUserData(script));
    let instance;
    try {
      instance = (await this.deps.connection.ec2.send(new RunInstancesCommand(input))).Instances?.[0];
    } catch (error) {
      throw toNodeProviderError(error, { instanceType: target.type.name, zone: target.zone, retryAfterMs: this.deps.connection.retry.retryAfterMs() });
    }
    const id = instance?.InstanceId;
    if (instance === undefined || id === undefined) throw new Error(`RunInstances for ${claim.name} answered without an instance`);
    const zone = instance.Placement?.AvailabilityZone ?? target.zone;
    this.logger.info({ claim: claim.name, instance: id, type: target.type.name, zone, capacityType: target.capacityType }, 'launched EC2 instance');
    return { providerId: providerIdOf(zone, id), nodeName: nodeNameOf(instance) };
  }

  /** The catalog entry, zone, subnet and AMI a claim launches with; a plain Error when the pool cannot offer what it asks. */
  private targetFor(claim: NodeClaimSpec): LaunchTarget {
    const pool = this.deps.pool.name;
    const capacityType = claim.capacityType ?? (this.capacityTypes.includes('on-demand') ? 'on-demand' : 'spot');
    if (!this.capacityTypes.includes(capacityType)) throw new Error(`aws pool ${pool} launches ${this.capacityTypes.join(', ')} capacity, not ${capacityType}`);
    const candidates = this.catalog.types.filter((t) => t.capacityType === capacityType);
    const type = claim.instanceType === undefined ? candidates[0] : candidates.find((t) => t.name === claim.instanceType);
    if (type === undefined) {
      throw new Error(`aws pool ${pool} has no instance type ${claim.instanceType ?? '(any)'} as ${capacityType} in its catalog (${this.catalog.types.length} types; was start() run?)`);
    }
    const zone = claim.zone ?? type.zones[0] ?? '';
    if (!this.zones.has(zone)) throw new Error(`aws pool ${pool} has no zone ${zone}; its zones are ${[...this.zones.keys()].join(', ')}`);
    const imageId = this.images.get(type.arch);
    if (imageId === undefined) throw new Error(`aws pool ${pool} has no ${type.arch} AMI for ${type.name}`);
    // A zone the (hour-old) catalog does not offer the type in still goes to EC2, which answers Unsupported: a capacity error the caller falls back on.
    return { type, zone, subnetId: this.zones.get(zone), capacityType, imageId };
  }

  /** TerminateInstances; EC2 answers a second termination with the previous state shutting-down or terminated, which counts as gone. */
  async delete(providerId: string): Promise<void> {
    const id = instanceIdOf(providerId);
    if (id === undefined) throw new InstanceNotFoundError(providerId, `${providerId} is not an AWS provider id (aws:///<zone>/<instance-id>)`);
    let changes;
    try {
      changes = (await this.deps.connection.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }))).TerminatingInstances;
    } catch (error) {
      throw toNodeProviderError(error, { providerId, retryAfterMs: this.deps.connection.retry.retryAfterMs() });
    }
    const previous = changes?.find((change) => change.InstanceId === id)?.PreviousState?.Name;
    if (GONE_STATES.has(previous)) throw new InstanceNotFoundError(providerId, `instance ${id} was already ${previous ?? 'gone'}`);
    this.logger.info({ instance: id, previous }, 'terminating EC2 instance');
  }

  /** Every live instance tagged with this cluster's name, whatever its pool. */
  async list(): Promise<NodeInstance[]> {
    const instances: NodeInstance[] = [];
    const pages = paginateDescribeInstances(
      { client: this.deps.connection.ec2, pageSize: 1000 },
      {
        Filters: [
          { Name: `tag:${Tags.cluster}`, Values: [this.options.clusterName] },
          { Name: 'instance-state-name', Values: LIVE_STATES },
        ],
      },
    );
    try {
      for await (const page of pages) {
        for (const reservation of page.Reservations ?? []) {
          for (const instance of reservation.Instances ?? []) {
            const listed = nodeInstanceOf(instance);
            if (listed !== undefined) instances.push(listed);
          }
        }
      }
    } catch (error) {
      throw toNodeProviderError(error, { retryAfterMs: this.deps.connection.retry.retryAfterMs() });
    }
    return instances;
  }
}
