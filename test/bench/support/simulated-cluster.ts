import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { isRecord } from '../../../core/api/types/meta.ts';
import { startControlPlane, type ControlPlaneProcess } from './control-plane-process.ts';
import { waitUntil } from './deadline.ts';
import { progress } from './progress.ts';
import { nameOf, openWatch } from './watch-stream.ts';

/** One `nodePools` entry with `provider: simulated`. */
export interface SimulatedPool {
  name: string;
  count: number;
  capacity?: { cpu: string; memory: string; pods: number };
  labels?: Record<string, string>;
  podStartupMs?: number;
  heartbeatSeconds?: number;
}

export interface ClusterSpec {
  pools: SimulatedPool[];
  /** kubernel.yaml `plugins`, e.g. `[{ name: 'scheduling/binpack' }]` */
  plugins?: { name: string; options?: Record<string, unknown> }[];
}

/** The kubernel.yaml sections (plugins, nodePools) appended to the benchmark control plane's config. */
export function clusterConfigYaml(spec: ClusterSpec): string {
  const nodePools = spec.pools.map((pool) => ({
    name: pool.name,
    provider: 'simulated',
    options: {
      count: pool.count,
      ...(pool.capacity === undefined ? {} : { capacity: pool.capacity }),
      ...(pool.labels === undefined ? {} : { labels: pool.labels }),
      ...(pool.podStartupMs === undefined ? {} : { podStartupMs: pool.podStartupMs }),
      ...(pool.heartbeatSeconds === undefined ? {} : { heartbeatSeconds: pool.heartbeatSeconds }),
    },
  }));
  const sections: Record<string, unknown> = { nodePools };
  if (spec.plugins !== undefined && spec.plugins.length > 0) sections['plugins'] = spec.plugins;
  return stringify(sections);
}

export interface SimulatedCluster {
  plane: ControlPlaneProcess;
  /** performance.now() readings: the spawn, /readyz answering, every node Ready (undefined: not within the time) */
  spawnedAt: number;
  readyzAt: number;
  nodesReadyAt: number | undefined;
  readyNodes: number;
  expectedNodes: number;
}

/**
 * Starts `kubernel up` with the pools and waits, within `timeoutMs` from the
 * spawn, until a node watch has seen every node of every pool Ready.
 */
export async function startSimulatedCluster(spec: ClusterSpec, timeoutMs: number): Promise<SimulatedCluster> {
  const expectedNodes = spec.pools.reduce((sum, pool) => sum + pool.count, 0);
  const spawnedAt = performance.now();
  progress(`starting a control plane with ${expectedNodes} simulated nodes in ${spec.pools.length} pool(s)`);
  const plane = await startControlPlane({ extraConfig: clusterConfigYaml(spec), readyTimeoutMs: timeoutMs });
  const readyzAt = performance.now();
  const ready = new Set<string>();
  // No resourceVersion: the current nodes come first as ADDED events, then every change.
  const watch = await openWatch(plane, {
    path: '/api/v1/nodes',
    onEvent: ({ type, object }) => {
      const name = nameOf(object);
      if (type !== 'DELETED' && isReady(object)) ready.add(name);
      else ready.delete(name);
    },
  });
  let nodesReadyAt: number | undefined;
  try {
    const allReady = await waitUntil(() => ready.size >= expectedNodes, {
      timeoutMs: Math.max(0, timeoutMs - (readyzAt - spawnedAt)),
      describe: () => `${ready.size} of ${expectedNodes} nodes Ready`,
    });
    if (allReady) nodesReadyAt = performance.now();
  } catch (error) {
    await watch.close();
    await plane.stop();
    throw error;
  }
  await watch.close();
  progress(`${ready.size} of ${expectedNodes} nodes Ready ${((performance.now() - spawnedAt) / 1000).toFixed(1)} s after the spawn`);
  return { plane, spawnedAt, readyzAt, nodesReadyAt, readyNodes: ready.size, expectedNodes };
}

/** The node's Ready condition is True. */
export function isReady(node: Record<string, unknown>): boolean {
  return conditionIsTrue(node, 'Ready');
}

/** status.conditions[type=TYPE].status is "True" (pods and nodes alike). */
export function conditionIsTrue(object: Record<string, unknown>, type: string): boolean {
  const status = object['status'];
  const conditions = isRecord(status) && Array.isArray(status['conditions']) ? status['conditions'] : [];
  return conditions.some((c: unknown) => isRecord(c) && c['type'] === type && c['status'] === 'True');
}
