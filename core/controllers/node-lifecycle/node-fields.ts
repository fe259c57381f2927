import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { TaintEffect, Toleration } from '../../contracts/scheduling.ts';

/** A node or pod condition as read; fields this code does not know are carried along untouched. */
export interface Condition {
  readonly [field: string]: unknown;
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastHeartbeatTime?: string;
  readonly lastTransitionTime?: string;
}

/** A taint as stored in spec.taints. */
export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: TaintEffect;
  readonly timeAdded?: string;
}

/** A toleration with its tolerationSeconds, for NoExecute taints. */
export interface TimedToleration extends Toleration {
  readonly tolerationSeconds?: number;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function taintEffect(value: unknown): TaintEffect | undefined {
  return value === 'NoSchedule' || value === 'PreferNoSchedule' || value === 'NoExecute' ? value : undefined;
}

/** metav1.Time: RFC 3339 in whole seconds. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A timestamp in ms, or undefined when absent or unreadable. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function section(obj: KubeObject, name: 'spec' | 'status'): Record<string, unknown> {
  const value = obj[name];
  return isRecord(value) ? value : {};
}

export function conditionsOf(obj: KubeObject): Condition[] {
  const out: Condition[] = [];
  for (const raw of records(section(obj, 'status')['conditions'])) {
    const type = text(raw['type']);
    if (type === undefined) continue;
    out.push({ ...raw, type, status: text(raw['status']) ?? '' });
  }
  return out;
}

export function findCondition(conditions: readonly Condition[], type: string): Condition | undefined {
  return conditions.find((c) => c.type === type);
}

export function taintsOf(node: KubeObject): NodeTaint[] {
  const out: NodeTaint[] = [];
  for (const raw of records(section(node, 'spec')['taints'])) {
    const key = text(raw['key']);
    const effect = taintEffect(raw['effect']);
    if (key === undefined || effect === undefined) continue;
    const value = text(raw['value']);
    const timeAdded = text(raw['timeAdded']);
    out.push({ key, effect, ...(value === undefined ? {} : { value }), ...(timeAdded === undefined ? {} : { timeAdded }) });
  }
  return out;
}

export function isUnschedulable(node: KubeObject): boolean {
  return section(node, 'spec')['unschedulable'] === true;
}

/** spec.nodeName, '' when unbound */
export function nodeNameOf(pod: KubeObject): string {
  return text(section(pod, 'spec')['nodeName']) ?? '';
}

/** The pod's tolerations; one with an operator or effect Kubernetes does not know tolerates nothing, so it is dropped. */
export function tolerationsOf(pod: KubeObject): TimedToleration[] {
  const out: TimedToleration[] = [];
  for (const raw of records(section(pod, 'spec')['tolerations'])) {
    const operator = raw['operator'] ?? '';
    const effect = raw['effect'] === undefined || raw['effect'] === '' ? '' : taintEffect(raw['effect']);
    if (effect === undefined || (operator !== '' && operator !== 'Equal' && operator !== 'Exists')) continue;
    const seconds = raw['tolerationSeconds'];
    out.push({
      key: text(raw['key']) ?? '',
      operator,
      value: text(raw['value']) ?? '',
      effect,
      ...(typeof seconds === 'number' ? { tolerationSeconds: seconds } : {}),
    });
  }
  return out;
}

/** A Lease's spec.renewTime in ms. */
export function renewTimeOf(lease: KubeObject | undefined): number | undefined {
  if (lease === undefined) return undefined;
  return parseTime(section(lease, 'spec')['renewTime']);
}

const ZONE_LABELS = ['failure-domain.beta.kubernetes.io/zone', 'topology.kubernetes.io/zone'] as const;
const REGION_LABELS = ['failure-domain.beta.kubernetes.io/region', 'topology.kubernetes.io/region'] as const;

// Module level on purpose: tsx (esbuild keepNames) names an arrow declared inside a function on every call.
/** the value of the first of `keys` the labels have, '' when none */
function firstLabel(labels: Readonly<Record<string, string>>, keys: readonly string[]): string {
  for (const key of keys) if (key in labels) return labels[key] ?? '';
  return '';
}

/** nodetopology.GetZoneKey: region and zone (the beta labels first), '' when the node has neither. */
export function zoneKeyOf(node: KubeObject): string {
  const labels = node.metadata.labels ?? {};
  const zone = firstLabel(labels, ZONE_LABELS);
  const region = firstLabel(labels, REGION_LABELS);
  if (region === '' && zone === '') return '';
  // The NUL keeps a region or zone that holds a colon from colliding with another pair.
  return `${region}:\u0000:${zone}`;
}

/** Nodes labelled node.kubernetes.io/exclude-disruption do not count towards a zone's health. */
export function excludedFromDisruption(node: KubeObject): boolean {
  return 'node.kubernetes.io/exclude-disruption' in (node.metadata.labels ?? {});
}
