/**
 * Clusters whose nodes run pods for real: a control plane with the built-in
 * controllers and a local node pool (an in-process agent on the Docker
 * engine), and agents started as processes of their own (`kubernel agent`),
 * which a test may kill -9. Every node name is unique to its test, so tests
 * running at once never see each other's containers; `removeNodeContainers`
 * cleans up after them.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll } from 'vitest';
import { isRecord, type KubeObject } from '../../../core/api/types/meta.ts';
import { Resources } from '../../../core/client/resources.ts';
import { eventually } from './eventually.ts';
import { startCluster, type TestCluster } from './cluster.ts';

export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;

export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(3).toString('hex')}`;
}

export interface AgentClusterOptions {
  /** the local pool's runtime; default docker */
  runtime?: 'docker' | 'process';
  /** local nodes at start; 0 for a cluster whose nodes are all agent processes */
  localNodes?: number;
  crashLoopBackOff?: { initialSeconds: number; maxSeconds: number };
  leaseRenewSeconds?: number;
  /** more kubernel.yaml (e.g. a controllers section) */
  extraYaml?: string;
  /** more `nodePools` entries, as YAML list items indented by two spaces */
  extraPools?: string;
}

export interface AgentCluster extends TestCluster {
  pool: string;
  /** the local pool's node names */
  nodes: string[];
}

export async function startAgentCluster(options: AgentClusterOptions = {}): Promise<AgentCluster> {
  const pool = uniqueName('n');
  const count = options.localNodes ?? 1;
  const backoff = options.crashLoopBackOff ?? { initialSeconds: 10, maxSeconds: 300 };
  const yaml = [
    options.extraYaml ?? '',
    'nodePools:',
    `  - name: ${pool}`,
    '    provider: local',
    '    options:',
    `      count: ${count}`,
    `      runtime: ${options.runtime ?? 'docker'}`,
    `      leaseRenewSeconds: ${options.leaseRenewSeconds ?? 10}`,
    `      crashLoopBackOff: { initialSeconds: ${backoff.initialSeconds}, maxSeconds: ${backoff.maxSeconds} }`,
    options.extraPools ?? '',
    '',
  ].join('\n');
  const cluster = await startCluster(yaml, { controllers: true });
  const nodes = Array.from({ length: count }, (_, i) => `${pool}-${i}`);
  // Pods still running keep their tmpfs volumes mounted under the data directory: unmount them before it goes.
  cluster.stop = async () => {
    await cluster.plane.stop();
    await unmountUnder(cluster.dataDir);
    await rm(cluster.dataDir, { recursive: true, force: true });
  };
  return Object.assign(cluster, { pool, nodes });
}

async function unmountUnder(dir: string): Promise<void> {
  const mounts = (await readFile('/proc/mounts', 'utf8').catch(() => '')).split('\n').map((line) => line.split(' ')[1] ?? '');
  for (const target of mounts.filter((m) => m.startsWith(`${dir}/`)).sort().reverse()) {
    await new Promise<void>((resolve) => execFile('umount', [target], () => resolve()));
  }
}

export interface AgentProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  /** sends the signal and waits for the process to end */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `kubernel agent` as a process of its own that joins the cluster with the admin token. */
export async function spawnAgent(
  cluster: TestCluster,
  name: string,
  options: { runtime?: string; config?: Record<string, unknown>; dataDir?: string } = {},
): Promise<AgentProcess> {
  const configPath = join(cluster.dataDir, `agent-${name}.yaml`);
  await writeFile(configPath, JSON.stringify(options.config ?? {}));
  await writeFile(join(cluster.dataDir, 'ca.pem'), cluster.plane.caCertPem);
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'bin/kubernel.js'),
      'agent',
      '--server',
      cluster.plane.url,
      '--token',
      cluster.plane.adminToken,
      '--ca-file',
      join(cluster.dataDir, 'ca.pem'),
      '--name',
      name,
      '--runtime',
      options.runtime ?? 'docker',
      '--config',
      configPath,
      '--data-dir',
      options.dataDir ?? join(cluster.dataDir, 'agents', name),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUBERNEL_LOG_LEVEL: 'warn' } },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Waits until the Node reports Ready=True. */
export async function nodeReady(cluster: TestCluster, name: string, timeoutMs = 30_000): Promise<KubeObject> {
  return eventually(async () => {
    const node = await cluster.plane.client.get(Resources.nodes, undefined, name);
    if (readyStatus(node) !== 'True') throw new Error(`node ${name} is not Ready`);
    return node;
  }, timeoutMs, 100);
}

export function readyStatus(object: KubeObject): string | undefined {
  const status = isRecord(object['status']) ? object['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'].filter(isRecord) : [];
  const ready = conditions.find((c) => c['type'] === 'Ready');
  return typeof ready?.['status'] === 'string' ? ready['status'] : undefined;
}

/** The Docker containers of these nodes (sandboxes included), as the runtime labels them. */
export async function nodeContainers(nodes: readonly string[]): Promise<Docker.ContainerInfo[]> {
  const docker = new Docker();
  const lists = await Promise.all(nodes.map((node) => docker.listContainers({ all: true, filters: { label: [`kubernel.dev/node=${node}`] } })));
  return lists.flat();
}

export async function removeNodeContainers(nodes: readonly string[]): Promise<void> {
  const docker = new Docker();
  for (const info of await nodeContainers(nodes)) await docker.getContainer(info.Id).remove({ force: true }).catch(() => undefined);
}

/** The pod's phase and its first container's status, read from the API. */
export async function podState(cluster: TestCluster, name: string, namespace = 'default'): Promise<{ pod: KubeObject; phase: string; container: Record<string, unknown> }> {
  const pod = await cluster.plane.client.get(Resources.pods, namespace, name);
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const statuses = Array.isArray(status['containerStatuses']) ? status['containerStatuses'].filter(isRecord) : [];
  return { pod, phase: typeof status['phase'] === 'string' ? status['phase'] : '', container: statuses[0] ?? {} };
}

/**
 * A cluster with Ready local nodes for the enclosing describe: started before
 * its tests, stopped after them with every container of its nodes removed.
 */
export function useAgentCluster(options: AgentClusterOptions = {}): { readonly cluster: AgentCluster } {
  let started: AgentCluster | undefined;
  beforeAll(async () => {
    started = await startAgentCluster(options);
    for (const node of started.nodes) await nodeReady(started, node);
  }, 60_000);
  afterAll(async () => {
    try {
      await started?.stop();
    } finally {
      await removeNodeContainers(started?.nodes ?? []);
    }
  });
  return {
    get cluster(): AgentCluster {
      if (started === undefined) throw new Error('the agent cluster has not started');
      return started;
    },
  };
}
