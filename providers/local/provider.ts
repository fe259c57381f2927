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
  Quantity,
  Resources,
  selectRuntime,
  WellKnownLabels,
  type ContainerRuntime,
  type InstanceType,
  type NodeClaimSpec,
  type NodeInstance,
  type NodeProvider,
  type NodeProviderCapabilities,
  type NodeProviderContext,
  type NodeTaint,
  type RuntimeChoice,
} from '../../core/index.ts';
import { childAgentRunning, spawnChildAgent, stopChildAgent } from './child-agent.ts';
import type { LocalOptions } from './options.ts';

export const LOCAL_PROVIDER = 'local';
const PROVIDER_ID_PREFIX = 'local://';

/** What a local node leaves on disk, so that the next `kubernel up` finds and resumes it. */
interface NodeRecord {
  name: string;
  pool: string;
  createdAt: string;
  labels: Record<string, string>;
  /** the NodeClaim it was launched for; absent for a pool's nodes from the start */
  claim?: string;
  /**
   * in-process: an agent inside the control plane (the pool's nodes from the
   * start). process: `kubernel agent` as a process of its own that joined with
   * the claim's bootstrap token, as a cloud machine does.
   */
  mode?: 'in-process' | 'process';
  pid?: number;
  /** the bootstrap token, for a restart before the agent got its certificate */
  token?: string;
  taints?: NodeTaint[];
}

type RunningNode = { mode: 'in-process'; agent: Agent; runtime: ContainerRuntime } | { mode: 'process'; pid: number };

/**
 * One local pool: each node is an in-process node agent with a directory
 * under `<data dir>/nodes/<name>`. A node outlives the process: the next
 * start resumes its agent, which adopts the containers still running.
 */
export class LocalNodeProvider implements NodeProvider {
  readonly name = LOCAL_PROVIDER;
  // A claim's node is a `kubernel agent` that joins with the claim's bootstrap token (a pool's nodes from the start run in-process).
  readonly capabilities: NodeProviderCapabilities = { registersNodes: false, maxConcurrentCreates: 1, capacityTypes: ['on-demand'] };
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
        cpuMillis: configured(this.options.capacity.cpu, (q) => Number(q.milliValue())) ?? cpus().length * 1000,
        memoryBytes: configured(this.options.capacity.memory, (q) => Number(q.value())) ?? totalmem(),
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

  /** Stops the agents (in-process ones, and the processes this run started or resumed); their containers keep running. */
  async stop(): Promise<void> {
    for (const [name, node] of this.running) {
      if (node.mode === 'process') {
        await stopChildAgent(node.pid, name);
        continue;
      }
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
      taints: claim.taints,
      ...(claim.bootstrapToken === undefined ? { mode: 'in-process' as const } : { mode: 'process' as const, claim: claim.labels[WellKnownLabels.nodeClaim] ?? claim.name, token: claim.bootstrapToken }),
    };
    await mkdir(join(this.nodesDir, claim.name), { recursive: true, mode: 0o750 });
    await this.save(record);
    await this.launch(record);
    return { providerId: `${PROVIDER_ID_PREFIX}${claim.name}`, nodeName: claim.name };
  }

  private async save(record: NodeRecord): Promise<void> {
    await writeFile(join(this.nodesDir, record.name, 'node.json'), JSON.stringify(record, null, 2), { mode: 0o600 });
  }

  /** Stops the node's agent, removes its containers and directory, and deletes its Node. */
  async delete(providerId: string): Promise<void> {
    const name = providerId.startsWith(PROVIDER_ID_PREFIX) ? providerId.slice(PROVIDER_ID_PREFIX.length) : '';
    const records = await this.records();
    if (name === '' || !records.some((r) => r.name === name)) throw new InstanceNotFoundError(providerId);
    const record = records.find((r) => r.name === name);
    const node = this.running.get(name);
    this.running.delete(name);
    if (node?.mode === 'in-process') {
      await node.agent.stop();
      await removeContainers(node.runtime);
      await node.runtime.close?.();
    } else if (record?.mode === 'process') {
      await stopChildAgent(node?.mode === 'process' ? node.pid : record.pid, name);
      const runtime = await this.runtimeFor(name);
      if (runtime !== undefined) {
        await removeContainers(runtime);
        await runtime.close?.();
      }
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
      ...(r.claim === undefined ? {} : { claim: r.claim }),
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

  /** a runtime serving the node's containers, to remove them once its agent is gone */
  private async runtimeFor(name: string): Promise<ContainerRuntime | undefined> {
    const choice = this.choice;
    if (choice === undefined) return undefined;
    return choice.factory.create(choice.options, { nodeName: name, stateDir: join(this.nodesDir, name, 'runtime'), logger: this.logger.child({ node: name }) });
  }

  private async launch(record: NodeRecord): Promise<void> {
    if (record.mode === 'process') return this.launchProcess(record);
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
    this.running.set(record.name, { mode: 'in-process', agent, runtime });
  }

  /** Starts (or finds still running) the node's `kubernel agent` process. */
  private async launchProcess(record: NodeRecord): Promise<void> {
    const cluster = this.context.cluster;
    const choice = this.choice;
    if (cluster === undefined || choice === undefined || this.running.has(record.name)) return;
    if (record.pid !== undefined && (await childAgentRunning(record.pid, record.name))) {
      this.running.set(record.name, { mode: 'process', pid: record.pid });
      return;
    }
    const pid = await spawnChildAgent({
      nodeName: record.name,
      nodeDir: join(this.nodesDir, record.name),
      cluster,
      token: record.token ?? cluster.token,
      labels: { ...record.labels, 'node.kubernetes.io/instance-type': 'local', 'topology.kubernetes.io/zone': 'local' },
      taints: record.taints ?? [],
      runtime: choice.factory.name,
      options: this.options,
    });
    await this.save({ ...record, pid });
    this.running.set(record.name, { mode: 'process', pid });
    this.logger.info({ node: record.name, pid }, 'started kubernel agent for the node');
  }
}

/** a capacity the pool's options set, else undefined (the host's figure applies) */
function configured(text: string | undefined, amount: (quantity: Quantity) => number): number | undefined {
  return text === undefined ? undefined : amount(Quantity.parse(text));
}

async function removeContainers(runtime: ContainerRuntime): Promise<void> {
  for (const container of await runtime.listContainers()) await runtime.removeContainer(container.id);
  for (const sandbox of await runtime.listPodSandboxes()) await runtime.removePodSandbox(sandbox.id);
}
