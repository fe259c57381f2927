import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import type { HostPort, NodeSelectorTerm, PodInfo, TaintEffect, Toleration, TopologySpreadConstraint } from '../../../contracts/scheduling.ts';
import { objectKeyOf } from '../../framework/result.ts';
import { mergeLabelKeys, parseSelector, podAffinityTermsOf, preferredNodeAffinityOf, requiredNodeAffinityOf } from './affinity-terms.ts';
import { computePodRequests } from './pod-requests.ts';
import { SharedByText } from './shared-by-text.ts';

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function textOf(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/** Node selectors by their text (see SharedByText). */
const sharedNodeSelectors = new SharedByText<Readonly<Record<string, string>>>(1024);

/** spec.nodeSelector's string entries, shared with every pod that selects alike */
function nodeSelectorOf(value: unknown): Readonly<Record<string, string>> | undefined {
  if (!isRecord(value)) return undefined;
  const strings: Record<string, string> = {};
  for (const key in value) {
    const v = value[key];
    if (typeof v === 'string') strings[key] = v;
  }
  return sharedNodeSelectors.share(JSON.stringify(strings), () => strings);
}

export function taintEffect(value: unknown): TaintEffect | undefined {
  return value === 'NoSchedule' || value === 'PreferNoSchedule' || value === 'NoExecute' ? value : undefined;
}

/** Tolerations by their text: nearly every pod carries the same two (the not-ready and unreachable ones admission adds). */
const sharedTolerations = new SharedByText<readonly Toleration[]>(1024);
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
  return out.length === 0 ? NO_TOLERATIONS : sharedTolerations.share(text, () => out);
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
    nodeSelector: held !== undefined && sameFields(before, spec, NODE_SELECTOR_FIELDS) ? held.nodeSelector : nodeSelectorOf(spec['nodeSelector']),
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

/** Required node affinity terms by their text (see SharedByText). */
const sharedNodeAffinities = new SharedByText<readonly NodeSelectorTerm[]>(1024);

function affinityTermsOf(affinity: Record<string, unknown>, namespace: string, labels: Readonly<Record<string, string>>): AffinityParts {
  const required = requiredNodeAffinityOf(affinity);
  return {
    requiredNodeAffinity: required === undefined ? undefined : sharedNodeAffinities.share(JSON.stringify(required), () => required),
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

/** the pod as if it had never been bound, for a simulation that places it anew (the NodeName filter would pin it to its node) */
export function unboundCopy(pod: KubeObject): KubeObject {
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  return { ...pod, spec: { ...spec, nodeName: '' } };
}

export function hasAnyAffinity(info: PodInfo): boolean {
  return (
    info.requiredAffinityTerms.length > 0 ||
    info.requiredAntiAffinityTerms.length > 0 ||
    info.preferredAffinityTerms.length > 0 ||
    info.preferredAntiAffinityTerms.length > 0
  );
}
