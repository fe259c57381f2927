import type { protos } from '@google-cloud/compute';
import {
  InstanceNotFoundError,
  NodePoolLabels,
  WellKnownLabels,
  type CapacityType,
  type InstanceType,
  type NodeClaimSpec,
  type NodeInstance,
  type NodeProvider,
  type NodeProviderCapabilities,
  type NodeProviderContext,
} from '../../core/index.ts';
import { InstanceCatalog } from './catalog.ts';
import { ComputeApi } from './compute-api.ts';
import { deleteFailure, insertRefusal, isNotFound, launchFailure, type LaunchTarget } from './errors.ts';
import { instanceRequest } from './instance-request.ts';
import { GceLabels, isInstanceName, lastSegment, parseProviderId, providerIdOf } from './names.ts';
import { installCommandOf, type GcpOptions } from './options.ts';
import { startupScript } from './startup-script.ts';

export const GCP_PROVIDER = 'gcp';

/** Compute Engine takes many inserts at once; the per-minute API quota is the limit, and throttling is retried. */
const MAX_CONCURRENT_CREATES = 10;

/** What the provider needs of its pool's context. */
export type GcpProviderContext = Pick<NodeProviderContext, 'pool' | 'logger' | 'clock' | 'cluster'>;

/**
 * One `provider: gcp` pool: each node is a Compute Engine instance named
 * after its NodeClaim, labelled with the cluster, pool and claim, whose
 * startup script joins it to the cluster with the claim's bootstrap token.
 */
export class GcpNodeProvider implements NodeProvider {
  readonly name = GCP_PROVIDER;
  readonly capabilities: NodeProviderCapabilities;
  private readonly catalog: InstanceCatalog;

  constructor(
    private readonly options: GcpOptions,
    private readonly context: GcpProviderContext,
    private readonly api: ComputeApi,
  ) {
    this.capabilities = { registersNodes: false, maxConcurrentCreates: MAX_CONCURRENT_CREATES, capacityTypes: options.capacityTypes };
    this.catalog = new InstanceCatalog((zone) => api.listMachineTypes(zone), options, context.logger);
  }

  instanceTypes(): InstanceType[] {
    return this.catalog.current();
  }

  /** Loads the machine-type catalog, then refreshes it every `catalogRefreshMinutes`. */
  async start(): Promise<void> {
    await this.catalog.refresh();
    this.catalog.startRefreshing(this.options.catalogRefreshMinutes * 60_000);
  }

  async stop(): Promise<void> {
    this.catalog.stopRefreshing();
    await this.api.close();
  }

  async create(claim: NodeClaimSpec): Promise<{ providerId: string; nodeName: string }> {
    const cluster = this.context.cluster;
    if (cluster === undefined) throw new Error(`gcp pool ${claim.pool}: a machine cannot join without the control plane's address and CA, and this pool runs without a control plane`);
    if (claim.bootstrapToken === undefined) throw new Error(`gcp pool ${claim.pool}: claim ${claim.name} has no bootstrap token, so its machine could not join the cluster`);
    if (!isInstanceName(claim.name)) throw new Error(`gcp pool ${claim.pool}: claim name "${claim.name}" is not a valid instance name (1-63 lowercase letters, digits and "-", starting with a letter)`);
    const target = await this.targetOf(claim);
    const claimName = claim.labels[WellKnownLabels.nodeClaim] ?? claim.name;
    const script = startupScript({
      nodeName: claim.name,
      server: cluster.server,
      caCertPem: cluster.caCertPem,
      token: claim.bootstrapToken,
      labels: {
        ...claim.labels,
        [NodePoolLabels.pool]: claim.pool,
        [NodePoolLabels.provider]: GCP_PROVIDER,
        [WellKnownLabels.instanceType]: target.instanceType,
        [WellKnownLabels.zone]: target.zone,
        [WellKnownLabels.capacityType]: target.capacityType,
        [WellKnownLabels.nodeClaim]: claimName,
      },
      taints: claim.taints,
      installCommand: installCommandOf(this.options),
    });
    const request = instanceRequest(this.options, { name: claim.name, zone: target.zone, instanceType: target.instanceType, capacityType: target.capacityType, pool: claim.pool, claim: claimName, startupScript: script });
    let operation;
    try {
      operation = await this.api.insertInstance(target.zone, request);
    } catch (error) {
      throw insertRefusal(error, target) ?? error;
    }
    const done = await this.api.waitForOperation(target.zone, operation, this.options.operationTimeoutSeconds * 1000);
    const failure = launchFailure(done, target);
    if (failure !== undefined) throw failure;
    const providerId = providerIdOf(this.options.project, target.zone, claim.name);
    this.context.logger.info({ providerId, instanceType: target.instanceType, zone: target.zone, capacityType: target.capacityType }, `launched ${claim.name}`);
    return { providerId, nodeName: claim.name };
  }

  /** The claim's type, zone and capacity type, checked against the catalog and the pool's options. */
  private async targetOf(claim: NodeClaimSpec): Promise<LaunchTarget & { capacityType: CapacityType }> {
    if (this.catalog.current().length === 0) await this.catalog.refresh();
    const types = this.catalog.current();
    const capacityType = claim.capacityType ?? this.options.capacityTypes[0] ?? 'on-demand';
    const name = claim.instanceType ?? types[0]?.name;
    const type = types.find((t) => t.name === name && t.capacityType === capacityType);
    if (type === undefined) throw new Error(`gcp pool ${claim.pool}: ${name ?? '(none)'} is not offered as ${capacityType} (the pool's families, zones and prices decide)`);
    const zone = claim.zone ?? type.zones[0];
    if (zone === undefined || !type.zones.includes(zone)) throw new Error(`gcp pool ${claim.pool}: ${type.name} is not offered in zone ${zone ?? '(none)'}; it is in ${type.zones.join(', ')}`);
    return { instanceType: type.name, zone, capacityType };
  }

  async delete(providerId: string): Promise<void> {
    const ref = parseProviderId(providerId);
    if (ref === undefined || ref.project !== this.options.project) throw new InstanceNotFoundError(providerId);
    let operation;
    try {
      operation = await this.api.deleteInstance(ref.zone, ref.instance);
    } catch (error) {
      if (isNotFound(error)) throw new InstanceNotFoundError(providerId);
      throw error;
    }
    const done = await this.api.waitForOperation(ref.zone, operation, this.options.operationTimeoutSeconds * 1000);
    const failure = deleteFailure(done, providerId);
    if (failure !== undefined) throw failure;
    this.context.logger.info({ providerId }, `deleted ${ref.instance}`);
  }

  /** The cluster's machines in every zone and pool (`labels.kubernel-cluster = <clusterName>`). */
  async list(): Promise<NodeInstance[]> {
    const found = await this.api.listInstances(`labels.${GceLabels.cluster} = ${this.options.clusterName}`);
    return found.map(({ zone, instance }) => this.nodeInstanceOf(zone, instance));
  }

  private nodeInstanceOf(zone: string, instance: protos.google.cloud.compute.v1.IInstance): NodeInstance {
    const name = instance.name ?? '';
    const spot = instance.scheduling?.provisioningModel === 'SPOT' || instance.scheduling?.preemptible === true;
    const claim = instance.labels?.[GceLabels.claim];
    return {
      providerId: providerIdOf(this.options.project, zone, name),
      nodeName: name,
      pool: instance.labels?.[GceLabels.pool] ?? '',
      instanceType: lastSegment(instance.machineType ?? ''),
      zone,
      capacityType: spot ? 'spot' : 'on-demand',
      createdAt: new Date(instance.creationTimestamp ?? 0),
      // the claim's name as a GCE label value: exact for claims named as instances are (lowercase, digits, "-")
      ...(claim === undefined || claim === '' ? {} : { claim }),
    };
  }
}

export function createGcpProvider(options: GcpOptions, context: GcpProviderContext): GcpNodeProvider {
  const api = new ComputeApi({ project: options.project, keyFile: options.keyFile, retry: options.throttleRetries, clock: context.clock });
  return new GcpNodeProvider(options, context, api);
}
