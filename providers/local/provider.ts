import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { arch, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  Agent,
  apiAuthorizer,
  containerRuntimes,
  InstanceNotFoundError,
  isApiError,
  NodePoolLabels,
  Resources,
  selectRuntime,
  type ContainerRuntime,
  type InstanceType,
  type NodeClaimSpec,
  type NodeInstance,
  type NodeProvider,
  type NodeProviderCapabilities,
  type NodeProviderContext,
  type RuntimeChoice,
} from '../../core/index.ts';
import type { LocalOptions } from './options.ts';

export const LOCAL_PROVIDER = 'local';
const PROVIDER_ID_PREFIX = 'local://';

/** What a local node leaves on disk, so that the next `kubernel up` finds and resumes it. */
interface NodeRecord {
  name: string;
  pool: string;
  createdAt: string;
  labels: Record<string, string>;
}

interface RunningNode {
  agent: Agent;
  runtime: ContainerRuntime;
}

/**
 * One local pool: each node is an in-process node agent with a directory
 * under `<data dir>/nodes/<name>`. A node outlives the process: the next
 * start resumes its agent, which adopts the containers still running.
 */
export class LocalNodeProvider implements NodeProvider {
  readonly name = LOCAL_PROVIDER;
  readonly capabilities: NodeProviderCapabilities = { registersNodes: true, maxConcurrentCreates: 1, capacityTypes: ['on-demand'] };
  private readonly running = new Map<string, RunningNode>();
  private choice: RuntimeChoice | undefined;

  constructor(
    private readonly options: LocalOptions,
    private readonly context: NodeProviderContext,
    private readonly logger: Logger,
  ) {}

  private get nodesDir(): string {
    if (this.context.cluster === undefined) throw new Error('local nodes need a control plane to join');
    return join(this.context.cluster.dataDir, 'nodes');
  }

  instanceTypes(): InstanceType[] {
    return [
      {
        name: 'local',
        cpuMillis: cpus().length * 1000,
        memoryBytes: totalmem(),
        pods: this.options.capacity.pods ?? 110,
        arch: arch() === 'arm64' ? 'arm64' : 'amd64',
        zones: ['local'],
        capacityType: 'on-demand',
        pricePerHour: 0,
      },
    ];
  }

  /** Picks the runtime (saying so when there is no Docker) and resumes this pool's nodes from an earlier run. */
  async start(): Promise<void> {
    this.choice = await selectRuntime(this.context.contributions(containerRuntimes), this.options.runtime, this.options.runtimeOptions, `nodePools[${this.context.pool.name}].options.runtime`);
    if (this.choice.fallbackReason !== undefined) {
      this.logger.warn({ reason: this.choice.fallbackReason }, `no Docker engine: local nodes run pods as host processes (${this.choice.fallbackReason})`);
    }
    for (const record of await this.records()) {
      if (record.pool === this.context.pool.name) await this.launch(record);
    }
  }

  async stop(): Promise<void> {
    for (const [name, node] of this.running) {
      await node.agent.stop().catch((error: unknown) => this.logger.warn({ err: error, node: name }, 'agent failed to stop'));
      await node.runtime.close?.();
    }
    this.running.clear();
  }

  async create(claim: NodeClaimSpec): Promise<{ providerId: string; nodeName: string }> {
    const record: NodeRecord = {
      name: claim.name,
      pool: claim.pool,
      createdAt: new Date().toISOString(),
      labels: { ...claim.labels, [NodePoolLabels.pool]: claim.pool, [NodePoolLabels.provider]: LOCAL_PROVIDER },
    };
    await mkdir(join(this.nodesDir, claim.name), { recursive: true, mode: 0o750 });
    await writeFile(join(this.nodesDir, claim.name, 'node.json'), JSON.stringify(record, null, 2));
    await this.launch(record);
    return { providerId: `${PROVIDER_ID_PREFIX}${claim.name}`, nodeName: claim.name };
  }

  /** Stops the node's agent, removes its containers and directory, and deletes its Node. */
  async delete(providerId: string): Promise<void> {
    const name = providerId.startsWith(PROVIDER_ID_PREFIX) ? providerId.slice(PROVIDER_ID_PREFIX.length) : '';
    const records = await this.records();
    if (name === '' || !records.some((r) => r.name === name)) throw new InstanceNotFoundError(providerId);
    const node = this.running.get(name);
    this.running.delete(name);
    await node?.agent.stop();
    if (node !== undefined) {
      for (const container of await node.runtime.listContainers()) await node.runtime.removeContainer(container.id);
      for (const sandbox of await node.runtime.listPodSandboxes()) await node.runtime.removePodSandbox(sandbox.id);
      await node.runtime.close?.();
    }
    await rm(join(this.nodesDir, name), { recursive: true, force: true });
    await this.context.client.delete(Resources.nodes, undefined, name).catch((error: unknown) => {
      if (!isApiError(error, 'NotFound')) throw error;
    });
  }

  async list(): Promise<NodeInstance[]> {
    return (await this.records()).map((r) => ({
      providerId: `${PROVIDER_ID_PREFIX}${r.name}`,
      nodeName: r.name,
      pool: r.pool,
      instanceType: 'local',
      zone: 'local',
      capacityType: 'on-demand',
      createdAt: new Date(r.createdAt),
    }));
  }

  private async records(): Promise<NodeRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.nodesDir);
    } catch {
      return [];
    }
    const out: NodeRecord[] = [];
    for (const name of names) {
      try {
        out.push(JSON.parse(await readFile(join(this.nodesDir, name, 'node.json'), 'utf8')) as NodeRecord);
      } catch {
        this.logger.warn({ dir: join(this.nodesDir, name) }, 'not a local node directory; left alone');
      }
    }
    return out;
  }

  private async launch(record: NodeRecord): Promise<void> {
    const cluster = this.context.cluster;
    const choice = this.choice;
    if (cluster === undefined || choice === undefined || this.running.has(record.name)) return;
    const rootDir = join(this.nodesDir, record.name);
    const logger = this.logger.child({ node: record.name });
    const runtime = await choice.factory.create(choice.options, { nodeName: record.name, stateDir: join(rootDir, 'runtime'), logger });
    const { options } = this;
    const agent = await Agent.start({
      nodeName: record.name,
      client: this.context.client,
      runtime,
      rootDir,
      nodeIP: options.nodeIP,
      serverPort: 0,
      authorize: apiAuthorizer(cluster.server, cluster.caCertPem),
      labels: { ...record.labels, 'node.kubernetes.io/instance-type': 'local', 'topology.kubernetes.io/zone': 'local' },
      capacity: options.capacity,
      providerID: `${PROVIDER_ID_PREFIX}${record.name}`,
      crashBackoff: { initialMs: options.crashLoopBackOff.initialSeconds * 1000, maxMs: options.crashLoopBackOff.maxSeconds * 1000 },
      nodeTiming: { leaseRenewMs: options.leaseRenewSeconds * 1000, statusCheckMs: options.leaseRenewSeconds * 1000, statusReportMs: 300_000 },
      logger,
    });
    this.running.set(record.name, { agent, runtime });
  }
}
