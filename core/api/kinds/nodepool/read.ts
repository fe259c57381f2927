/**
 * Typed views of NodePool and NodeClaim objects as controllers get them from
 * informers. The API server validated and defaulted them; each field is still
 * checked, so that a malformed object degrades to "absent" rather than a crash.
 */
import { isRecord, type KubeObject } from '../../types/meta.ts';
import type {
  Condition,
  ConsolidationPolicy,
  DisruptionBudget,
  NodeClaimObject,
  NodeClaimStatus,
  NodePoolObject,
  NodePoolSpec,
  NodePoolTaint,
  NodeRequirement,
  RequirementOperator,
} from './types.ts';

const OPERATORS: readonly RequirementOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const EFFECTS: readonly NodePoolTaint['effect'][] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const STATUSES: readonly Condition['status'][] = ['True', 'False', 'Unknown'];
const POLICIES: readonly ConsolidationPolicy[] = ['WhenEmpty', 'WhenEmptyOrUnderutilized'];

const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const nonEmpty = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export function readStringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function readRequirements(value: unknown): NodeRequirement[] {
  return (Array.isArray(value) ? value : []).filter(isRecord).flatMap((r) => {
    const operator = OPERATORS.find((op) => op === r['operator']);
    const key = text(r['key']);
    return key === undefined || operator === undefined ? [] : [{ key, operator, ...(Array.isArray(r['values']) ? { values: strings(r['values']) } : {}) }];
  });
}

export function readTaints(value: unknown): NodePoolTaint[] {
  return (Array.isArray(value) ? value : []).filter(isRecord).flatMap((t) => {
    const effect = EFFECTS.find((e) => e === t['effect']);
    const key = text(t['key']);
    if (key === undefined || effect === undefined) return [];
    const value = text(t['value']);
    return [value === undefined ? { key, effect } : { key, value, effect }];
  });
}

export function readConditions(value: unknown): Condition[] {
  return (Array.isArray(value) ? value : []).filter(isRecord).flatMap((c) => {
    const status = STATUSES.find((s) => s === c['status']);
    const type = text(c['type']);
    if (type === undefined || status === undefined) return [];
    const condition: Condition = { type, status };
    const reason = text(c['reason']);
    const message = text(c['message']);
    const lastTransitionTime = text(c['lastTransitionTime']);
    if (reason !== undefined) condition.reason = reason;
    if (message !== undefined) condition.message = message;
    if (lastTransitionTime !== undefined) condition.lastTransitionTime = lastTransitionTime;
    if (typeof c['observedGeneration'] === 'number') condition.observedGeneration = c['observedGeneration'];
    return [condition];
  });
}

function readDisruption(value: unknown): NodePoolSpec['disruption'] {
  const raw = record(value);
  const out: NonNullable<NodePoolSpec['disruption']> = {};
  const policy = POLICIES.find((p) => p === raw['consolidationPolicy']);
  const after = text(raw['consolidateAfter']);
  if (policy !== undefined) out.consolidationPolicy = policy;
  if (after !== undefined) out.consolidateAfter = after;
  if (Array.isArray(raw['budgets'])) {
    // An integer `nodes` (as YAML may give it) means the same as its string.
    out.budgets = raw['budgets'].filter(isRecord).flatMap((b): DisruptionBudget[] => {
      const nodes = b['nodes'];
      return typeof nodes === 'string' ? [{ nodes }] : typeof nodes === 'number' ? [{ nodes: String(nodes) }] : [];
    });
  }
  return out;
}

export function readNodePool(obj: KubeObject): NodePoolObject {
  const spec = record(obj['spec']);
  const template = record(spec['template']);
  const templateMeta = record(template['metadata']);
  const templateSpec = record(template['spec']);
  const typed: NodePoolSpec = {
    provider: text(spec['provider']) ?? '',
    template: {
      metadata: { labels: readStringMap(templateMeta['labels']), annotations: readStringMap(templateMeta['annotations']) },
      spec: { requirements: readRequirements(templateSpec['requirements']), taints: readTaints(templateSpec['taints']) },
    },
    disruption: readDisruption(spec['disruption']),
  };
  if (isRecord(spec['options'])) typed.options = spec['options'];
  if (typeof spec['min'] === 'number') typed.min = spec['min'];
  if (typeof spec['max'] === 'number') typed.max = spec['max'];
  if (typeof spec['weight'] === 'number') typed.weight = spec['weight'];
  if (isRecord(spec['limits'])) {
    const limits = readStringMap(spec['limits']);
    typed.limits = {
      ...(limits['cpu'] === undefined ? {} : { cpu: limits['cpu'] }),
      ...(limits['memory'] === undefined ? {} : { memory: limits['memory'] }),
    };
  }
  const status = record(obj['status']);
  return { ...obj, spec: typed, status: { conditions: readConditions(status['conditions']), resources: readStringMap(status['resources']) } };
}

export function readNodeClaim(obj: KubeObject): NodeClaimObject {
  const spec = record(obj['spec']);
  const raw = record(obj['status']);
  const status: NodeClaimStatus = { conditions: readConditions(raw['conditions']) };
  const providerID = nonEmpty(raw['providerID']);
  const nodeName = nonEmpty(raw['nodeName']);
  if (providerID !== undefined) status.providerID = providerID;
  if (nodeName !== undefined) status.nodeName = nodeName;
  if (isRecord(raw['capacity'])) status.capacity = readStringMap(raw['capacity']);
  if (isRecord(raw['allocatable'])) status.allocatable = readStringMap(raw['allocatable']);
  const typedSpec: NodeClaimObject['spec'] = { ...spec, requirements: readRequirements(spec['requirements']) };
  // Absent taints stay absent: the launch then takes the pool's.
  if (Array.isArray(spec['taints'])) typedSpec.taints = readTaints(spec['taints']);
  else delete typedSpec.taints;
  return { ...obj, spec: typedSpec, status };
}
