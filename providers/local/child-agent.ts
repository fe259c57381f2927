import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { ClusterAccess } from '../../core/index.ts';
import type { LocalOptions } from './options.ts';

/** The `kubernel` command of this checkout: a node launched for a claim runs the same version as its control plane. */
const KUBERNEL_BIN = fileURLToPath(new URL('../../bin/kubernel.js', import.meta.url));
const STOP_GRACE_MS = 15_000;

export interface ChildAgentSpec {
  nodeName: string;
  nodeDir: string;
  cluster: ClusterAccess;
  /** the claim's bootstrap token; the agent swaps it for a node certificate it keeps under nodeDir/pki */
  token: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  runtime: string;
  options: LocalOptions;
}

/**
 * Writes the agent's configuration file (kubelet's config file) and starts
 * `kubernel agent` as a process of its own session, so that it outlives a
 * control plane that is killed, as a machine would. Its output goes to
 * nodeDir/agent.log. Returns its pid.
 */
export async function spawnChildAgent(spec: ChildAgentSpec): Promise<number> {
  const { options } = spec;
  const configFile = join(spec.nodeDir, 'agent.yaml');
  const caFile = join(spec.nodeDir, 'ca.crt');
  await writeFile(caFile, spec.cluster.caCertPem, { mode: 0o644 });
  await writeFile(
    configFile,
    stringify({
      apiVersion: 'kubernel.dev/v1alpha1',
      kind: 'AgentConfig',
      runtime: spec.runtime,
      runtimeOptions: options.runtimeOptions,
      nodeIP: options.nodeIP,
      labels: spec.labels,
      taints: spec.taints,
      capacity: options.capacity,
      crashLoopBackOff: options.crashLoopBackOff,
      leaseRenewSeconds: options.leaseRenewSeconds,
      statusUpdateSeconds: options.leaseRenewSeconds,
    }),
    { mode: 0o600 },
  );
  const log = await open(join(spec.nodeDir, 'agent.log'), 'a', 0o600);
  try {
    const child = spawn(
      process.execPath,
      [KUBERNEL_BIN, 'agent', '--server', spec.cluster.server, '--token', spec.token, '--ca-file', caFile, '--name', spec.nodeName, '--config', configFile, '--data-dir', spec.nodeDir],
      { detached: true, stdio: ['ignore', log.fd, log.fd], env: { ...process.env, KUBERNEL_LOG_LEVEL: process.env['KUBERNEL_LOG_LEVEL'] ?? 'warn' } },
    );
    await once(child, 'spawn');
    child.unref();
    if (child.pid === undefined) throw new Error(`kubernel agent for ${spec.nodeName} did not start`);
    return child.pid;
  } finally {
    await log.close();
  }
}

/** Whether `pid` is still the agent of `nodeName` (a pid may be reused by another process after a reboot). */
export async function childAgentRunning(pid: number | undefined, nodeName: string): Promise<boolean> {
  if (pid === undefined) return false;
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return cmdline.includes('agent') && cmdline.includes(nodeName);
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after the grace period; the agent leaves its containers running (the caller removes them if the node goes). */
export async function stopChildAgent(pid: number | undefined, nodeName: string, graceMs = STOP_GRACE_MS): Promise<void> {
  if (pid === undefined || !(await childAgentRunning(pid, nodeName))) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!(await childAgentRunning(pid, nodeName))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  signal(pid, 'SIGKILL');
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone meanwhile
  }
}
