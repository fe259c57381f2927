import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import type { HostPort, PodInfo, TaintEffect, Toleration, TopologySpreadConstraint } from '../../../contracts/scheduling.ts';
import { objectKeyOf } from '../../framework/result.ts';
import { mergeLabelKeys, parseSelector, podAffinityTermsOf, preferredNodeAffinityOf, requiredNodeAffinityOf } from './affinity-terms.ts';
import { computePodRequests } from './pod-requests.ts';

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function textOf(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function stringMap(value: unknown): Readonly<Record<string, string>> | undefined {
  if (!isRecord(value)) return undefined;
  // A stored pod is never changed in place, so a map of strings alone (any valid pod's) is taken as it is.
  if (Object.values(value).every((v) => typeof v === 'string')) return value as Readonly<Record<string, string>>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function taintEffect(value: unknown): TaintEffect | undefined {
  return value === 'NoSchedule' || value === 'PreferNoSchedule' || value === 'NoExecute' ? value : undefined;
}

/**
 * Tolerations by their text: nearly every pod carries the same two (the
 * not-ready and unreachable ones admission adds), and the scheduler keeps
 * a view of every pod, so pods that tolerate alike share one frozen list.
 */
const sharedTolerations = new Map<string, readonly Toleration[]>();
const SHARED_TOLERATIONS_KEPT = 1024;
const NO_TOLERATIONS: readonly Toleration[] = Object.freeze([]);

function tolerationsOf(spec: Record<string, unknown>): readonly Toleration[] {
  const out: Toleration[] = [];
  let text = '';
  for (const t of records(spec['tolerations'])) {
    const operator = t['operator'];
    const effect = t['effect'] === undefined || t['effect'] === '' ? '' : taintEffect(t['effect']);
    // An operator or effect Kubernetes does not know tolerates nothing.
    if (effect === undefined || (operator !== undefined && operator !== 'Equal' && operator !== 'Exists' && operator !== '')) continue;
    const toleration: Toleration = { key: textOf(t['key']), operator: operator ?? '', value: textOf(t['value']), effect };
    out.push(toleration);
    text += `${JSON.stringify([toleration.key, toleration.operator, toleration.value, toleration.effect])}\n`;
  }
  if (out.length === 0) return NO_TOLERATIONS;
  const shared = sharedTolerations.get(text);
  if (shared !== undefined) return shared;
  if (sharedTolerations.size >= SHARED_TOLERATIONS_KEPT) sharedTolerations.clear();
  const frozen = Object.freeze(out.map((t) => Object.freeze(t)));
  sharedTolerations.set(text, frozen);
  return frozen;
}

/** the lists of the many pods without host ports or spread constraints, shared */
const NO_HOST_PORTS: readonly HostPort[] = Object.freeze([]);
const NO_SPREAD_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([]);

/** Host ports of the containers and of the sidecars (restartable init containers): they hold them while running. */
function hostPortsOf(spec: Record<string, unknown>): readonly HostPort[] {
  const containers = [...records(spec['initContainers']).filter((c) => c['restartPolicy'] === 'Always'), ...records(spec['containers'])];
  const out: HostPort[] = [];
  for (const container of containers) {
    for (const port of records(container['ports'])) {
      const hostPort = port['hostPort'];
      if (typeof hostPort !== 'number' || hostPort <= 0) continue;
      out.push({ ip: textOf(port['hostIP']) || '0.0.0.0', protocol: textOf(port['protocol']) || 'TCP', port: hostPort });
    }
  }
  return out.length === 0 ? NO_HOST_PORTS : out;
}

function topologySpreadOf(spec: Record<string, unknown>, labels: Readonly<Record<string, string>>): readonly TopologySpreadConstraint[] {
  if (spec['topologySpreadConstraints'] === undefined) return NO_SPREAD_CONSTRAINTS;
  const out: TopologySpreadConstraint[] = [];
  for (const c of records(spec['topologySpreadConstraints'])) {
    const when = c['whenUnsatisfiable'];
    if (when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') continue;
    const matchLabelKeys = Array.isArray(c['matchLabelKeys']) ? c['matchLabelKeys'].filter((k): k is string => typeof k === 'string') : [];
    out.push({
      maxSkew: typeof c['maxSkew'] === 'number' ? c['maxSkew'] : 1,
      topologyKey: textOf(c['topologyKey']),
      whenUnsatisfiable: when,
      selector: mergeLabelKeys(parseSelector(c['labelSelector']), labels, matchLabelKeys),
      minDomains: typeof c['minDomains'] === 'number' ? c['minDomains'] : 1,
      nodeAffinityPolicy: c['nodeAffinityPolicy'] === 'Ignore' ? 'Ignore' : 'Honor',
      nodeTaintsPolicy: c['nodeTaintsPolicy'] === 'Honor' ? 'Honor' : 'Ignore',
    });
  }
  return out;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * framework.NewPodInfo: everything plugins read, parsed once per version of
 * the pod. `held`, the view of an earlier version, is reused when everything
 * the view is computed from is the very same object (a status write shares
 * the stored spec and labels with the version before); else each part whose
 * sources are the very same objects is taken from it (a binding shares all
 * of the spec but nodeName), and only the others are computed.
 */
export function podInfoOf(pod: KubeObject, held?: PodInfo): PodInfo {
  if (held !== undefined && sameSources(held.pod, pod)) return { ...held, pod };
  const spec = specOf(pod);
  const namespace = pod.metadata.namespace ?? '';
  const labels = pod.metadata.labels ?? NO_LABELS;
  const affinity = isRecord(spec['affinity']) ? spec['affinity'] : {};
  const before = held === undefined ? undefined : specOf(held.pod);
  const sameContainers = sameFields(before, spec, CONTAINER_FIELDS);
  const sameWorkload = sameContainers && sameFields(before, spec, WORKLOAD_FIELDS);
  const sameAffinity = sameFields(before, spec, AFFINITY_FIELDS) && held?.namespace === namespace && held.labels === labels;
  return {
    pod,
    key: objectKeyOf(pod.metadata),
    uid: pod.metadata.uid ?? '',
    namespace,
    name: pod.metadata.name ?? '',
    labels,
    priority: typeof spec['priority'] === 'number' ? spec['priority'] : 0,
    nodeName: textOf(spec['nodeName']),
    terminating: pod.metadata.deletionTimestamp !== undefined,
    requests: held !== undefined && sameWorkload ? held.requests : computePodRequests(spec, false),
    nonZeroRequests: held !== undefined && sameWorkload ? held.nonZeroRequests : computePodRequests(spec, true),
    hostPorts: held !== undefined && sameContainers ? held.hostPorts : hostPortsOf(spec),
    tolerations: held !== undefined && sameFields(before, spec, TOLERATION_FIELDS) ? held.tolerations : tolerationsOf(spec),
    nodeSelector: held !== undefined && sameFields(before, spec, NODE_SELECTOR_FIELDS) ? held.nodeSelector : stringMap(spec['nodeSelector']),
    ...(held !== undefined && sameAffinity ? affinityOf(held) : affinityTermsOf(affinity, namespace, labels)),
    topologySpreadConstraints:
      held !== undefined && held.labels === labels && sameFields(before, spec, TOPOLOGY_FIELDS) ? held.topologySpreadConstraints : topologySpreadOf(spec, labels),
  };
}

/** the spec fields each part of the view is computed from */
const CONTAINER_FIELDS = ['containers', 'initContainers'];
const WORKLOAD_FIELDS = ['overhead', 'resources'];
const TOLERATION_FIELDS = ['tolerations'];
const NODE_SELECTOR_FIELDS = ['nodeSelector'];
const AFFINITY_FIELDS = ['affinity'];
const TOPOLOGY_FIELDS = ['topologySpreadConstraints'];

function specOf(pod: KubeObject): Record<string, unknown> {
  const spec = pod['spec'];
  return isRecord(spec) ? spec : {};
}

/** whether each of `fields` is the very same value in both specs (absent in both included) */
function sameFields(before: Record<string, unknown> | undefined, after: Record<string, unknown>, fields: readonly string[]): boolean {
  if (before === undefined) return false;
  for (const field of fields) if (before[field] !== after[field]) return false;
  return true;
}

type AffinityParts = Pick<
  PodInfo,
  'requiredNodeAffinity' | 'preferredNodeAffinity' | 'requiredAffinityTerms' | 'requiredAntiAffinityTerms' | 'preferredAffinityTerms' | 'preferredAntiAffinityTerms'
>;

function affinityTermsOf(affinity: Record<string, unknown>, namespace: string, labels: Readonly<Record<string, string>>): AffinityParts {
  return {
    requiredNodeAffinity: requiredNodeAffinityOf(affinity),
    preferredNodeAffinity: preferredNodeAffinityOf(affinity),
    ...podAffinityTermsOf(affinity, namespace, labels),
  };
}

function affinityOf(held: PodInfo): AffinityParts {
  return {
    requiredNodeAffinity: held.requiredNodeAffinity,
    preferredNodeAffinity: held.preferredNodeAffinity,
    requiredAffinityTerms: held.requiredAffinityTerms,
    requiredAntiAffinityTerms: held.requiredAntiAffinityTerms,
    preferredAffinityTerms: held.preferredAffinityTerms,
    preferredAntiAffinityTerms: held.preferredAntiAffinityTerms,
  };
}

function sameSources(before: KubeObject, after: KubeObject): boolean {
  const [a, b] = [before.metadata, after.metadata];
  return (
    before['spec'] === after['spec'] &&
    a.labels === b.labels &&
    a.uid === b.uid &&
    a.name === b.name &&
    a.namespace === b.namespace &&
    a.deletionTimestamp === b.deletionTimestamp
  );
}

/** status.phase Succeeded or Failed: the pod holds no resources any more. */
export function isTerminal(pod: KubeObject): boolean {
  const status = pod['status'];
  const phase = isRecord(status) ? status['phase'] : undefined;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function assignedNodeOf(pod: KubeObject): string {
  const spec = pod['spec'];
  return isRecord(spec) ? textOf(spec['nodeName']) : '';
}

export function hasAnyAffinity(info: PodInfo): boolean {
  return (
    info.requiredAffinityTerms.length > 0 ||
    info.requiredAntiAffinityTerms.length > 0 ||
    info.preferredAffinityTerms.length > 0 ||
    info.preferredAntiAffinityTerms.length > 0
  );
}
