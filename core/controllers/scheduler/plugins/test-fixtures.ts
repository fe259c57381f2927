import type { KubeObject } from '../../../api/types/meta.ts';
import {
  CycleState,
  SchedulingStatus,
  type NodeInfo,
  type NodeScore,
  type PodInfo,
  type PreFilterResult,
  type SchedulingPlugin,
} from '../../../contracts/scheduling.ts';
import { MutableNodeInfo } from '../cache/node-info.ts';
import { podInfoOf } from '../cache/pod-info.ts';

/** Builders for plugin tests: Kubernetes objects as the API would hold them, turned into the scheduler's views. */

export interface NodeOptions {
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  allocatable?: Record<string, string>;
  unschedulable?: boolean;
  /** pods already placed on the node */
  pods?: PodInfo[];
}

export function nodeObject(name: string, options: NodeOptions = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: { ...(options.taints === undefined ? {} : { taints: options.taints }), ...(options.unschedulable === true ? { unschedulable: true } : {}) },
    status: { allocatable: options.allocatable ?? { cpu: '4', memory: '32Gi', pods: '110' } },
  };
}

export function node(name: string, options: NodeOptions = {}): MutableNodeInfo {
  const info = new MutableNodeInfo(name);
  info.setNode(nodeObject(name, options));
  for (const p of options.pods ?? []) info.addPod(p);
  return info;
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  /** requests of a single container, e.g. { cpu: '500m' } */
  requests?: Record<string, string>;
  /** anything else of the spec (affinity, tolerations, ...) */
  spec?: Record<string, unknown>;
  terminating?: boolean;
}

let uid = 0;

export function podObject(name: string, options: PodOptions = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: `uid-${name}-${++uid}`,
      labels: options.labels ?? {},
      ...(options.terminating === true ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      schedulerName: 'default-scheduler',
      ...(options.nodeName === undefined ? {} : { nodeName: options.nodeName }),
      containers: [{ name: 'app', image: 'nginx', ...(options.requests === undefined ? {} : { resources: { requests: options.requests } }) }],
      ...options.spec,
    },
  };
}

export function pod(name: string, options: PodOptions = {}): PodInfo {
  return podInfoOf(podObject(name, options));
}

type Plugin = SchedulingPlugin & Partial<{
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): SchedulingStatus | PreFilterResult;
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): SchedulingStatus;
  candidates(pod: PodInfo, nodes: readonly NodeInfo[]): Int32Array | undefined;
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): SchedulingStatus;
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  normalizeScores(state: CycleState, pod: PodInfo, scores: NodeScore[]): void;
}>;

/**
 * Runs a plugin's PreFilter over `nodes` and its Filter on each, as the
 * framework would: a PreFilter Skip passes every node, a PreFilter rejection
 * rejects every node, and a PreFilter node list rejects the others.
 * Returns each node's verdict: 'Success' or the status's joined reasons.
 */
export function filterNodes(plugin: Plugin, podInfo: PodInfo, nodes: readonly NodeInfo[]): Record<string, string> {
  const state = new CycleState();
  const out: Record<string, string> = {};
  const pre = plugin.preFilter?.(state, podInfo, nodes) ?? SchedulingStatus.success;
  for (const n of nodes) {
    if ('nodeNames' in pre) {
      if (!pre.nodeNames.has(n.name)) {
        out[n.name] = 'not in PreFilter result';
        continue;
      }
    } else if (pre.code === 'Skip') {
      out[n.name] = 'Success';
      continue;
    } else if (pre.code !== 'Success') {
      out[n.name] = `${pre.code}: ${pre.reasons.join(', ')}`;
      continue;
    }
    const status = plugin.filter?.(state, podInfo, n) ?? SchedulingStatus.success;
    out[n.name] = status.code === 'Success' ? 'Success' : `${status.code}: ${status.reasons.join(', ')}`;
  }
  // A filter that narrows must leave out only nodes it rejects, or the scheduler would skip a node that fits.
  const candidates = plugin.candidates?.(podInfo, nodes);
  if (candidates !== undefined) {
    nodes.forEach((n, position) => {
      if (out[n.name] === 'Success' && !candidates.includes(position)) out[n.name] = 'Success, yet left out of the candidates';
    });
  }
  return out;
}

/** Runs PreScore, Score and NormalizeScore over `nodes`; a PreScore Skip gives undefined. */
export function scoreNodes(plugin: Plugin, podInfo: PodInfo, nodes: readonly NodeInfo[]): Record<string, number> | undefined {
  const state = new CycleState();
  const pre = plugin.preScore?.(state, podInfo, nodes) ?? SchedulingStatus.success;
  if (pre.code === 'Skip') return undefined;
  const scores: NodeScore[] = nodes.map((n) => ({ node: n, score: plugin.score?.(state, podInfo, n) ?? 0 }));
  plugin.normalizeScores?.(state, podInfo, scores);
  return Object.fromEntries(scores.map((s) => [s.node.name, s.score]));
}
