import type { TaintEffect } from '../../contracts/scheduling.ts';
import type { Condition, NodeTaint } from './node-fields.ts';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** The key and effect that identify a taint on a node (taints are unique by the pair). */
export interface TaintTemplate {
  readonly key: string;
  readonly effect: TaintEffect;
}

export const NOT_READY_NO_EXECUTE: TaintTemplate = { key: TAINT_NOT_READY, effect: 'NoExecute' };
export const UNREACHABLE_NO_EXECUTE: TaintTemplate = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };

/** nodeConditionToTaintKeyStatusMap: which condition in which status puts which NoSchedule taint (TaintNodesByCondition). */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

/** the taint keys this controller owns as NoSchedule taints */
const CONDITION_TAINT_KEYS = new Set([...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)), TAINT_UNSCHEDULABLE]);

export function matchesTemplate(taint: NodeTaint, template: TaintTemplate): boolean {
  return taint.key === template.key && taint.effect === template.effect;
}

export function hasTaint(taints: readonly NodeTaint[], template: TaintTemplate): boolean {
  return taints.some((t) => matchesTemplate(t, template));
}

export interface TaintChange {
  add: TaintTemplate[];
  remove: TaintTemplate[];
}

/**
 * doNoScheduleTaintingPass: the NoSchedule taints the node's conditions and
 * spec.unschedulable call for, against the condition taints it has; taints
 * anyone else put there are not this controller's to touch.
 */
export function planNoScheduleTaints(conditions: readonly Condition[], unschedulable: boolean, taints: readonly NodeTaint[]): TaintChange {
  const wanted: TaintTemplate[] = [];
  for (const condition of conditions) {
    const key = CONDITION_TAINTS[condition.type]?.[condition.status];
    if (key !== undefined) wanted.push({ key, effect: 'NoSchedule' });
  }
  if (unschedulable) wanted.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const owned = taints.filter((t) => t.effect === 'NoSchedule' && CONDITION_TAINT_KEYS.has(t.key));
  return {
    add: wanted.filter((w) => !owned.some((t) => matchesTemplate(t, w))),
    remove: owned.filter((t) => !wanted.some((w) => matchesTemplate(t, w))).map(({ key, effect }) => ({ key, effect })),
  };
}

/**
 * The node's taints after a change (SwapNodeControllerTaint), or undefined
 * when nothing changes: a taint already there keeps its timeAdded, a new one
 * is stamped `now`.
 */
export function applyTaintChange(taints: readonly Record<string, unknown>[], change: TaintChange, now: string): Record<string, unknown>[] | undefined {
  const kept = taints.filter((raw) => !change.remove.some((r) => same(raw, r)));
  const added = change.add.filter((a) => !kept.some((raw) => same(raw, a))).map((a) => ({ key: a.key, effect: a.effect, timeAdded: now }));
  if (kept.length === taints.length && added.length === 0) return undefined;
  return [...kept, ...added];
}

// Module level on purpose: tsx (esbuild keepNames) names an arrow declared inside a function on every call.
function same(raw: Record<string, unknown>, template: TaintTemplate): boolean {
  return raw['key'] === template.key && raw['effect'] === template.effect;
}

/** What processTaintBaseEviction does with a node whose Ready condition (as observed before this pass wrote it) has `readyStatus`. */
export type NoExecuteAction =
  /** replace the other NoExecute taint at once: the node moved between not-ready and unreachable */
  | { kind: 'swap'; change: TaintChange }
  /** queue the node for the rate-limited tainter */
  | { kind: 'queue'; status: 'False' | 'Unknown' }
  /** remove both NoExecute taints and drop the node from the tainter */
  | { kind: 'reachable' }
  | { kind: 'none' };

export function planNoExecuteAction(readyStatus: string, taints: readonly NodeTaint[]): NoExecuteAction {
  if (readyStatus === 'False') {
    if (hasTaint(taints, UNREACHABLE_NO_EXECUTE)) return { kind: 'swap', change: { add: [NOT_READY_NO_EXECUTE], remove: [UNREACHABLE_NO_EXECUTE] } };
    return { kind: 'queue', status: 'False' };
  }
  if (readyStatus === 'Unknown') {
    if (hasTaint(taints, NOT_READY_NO_EXECUTE)) return { kind: 'swap', change: { add: [UNREACHABLE_NO_EXECUTE], remove: [NOT_READY_NO_EXECUTE] } };
    return { kind: 'queue', status: 'Unknown' };
  }
  if (readyStatus === 'True') return { kind: 'reachable' };
  return { kind: 'none' };
}

/**
 * The tainter's work for a queued node (doNoExecuteTaintingPass): the two
 * taints are exclusive, as Ready's status is; a node Ready again needs none.
 */
export function noExecuteTaintFor(readyStatus: string | undefined): TaintChange | undefined {
  if (readyStatus === 'False') return { add: [NOT_READY_NO_EXECUTE], remove: [UNREACHABLE_NO_EXECUTE] };
  if (readyStatus === 'Unknown') return { add: [UNREACHABLE_NO_EXECUTE], remove: [NOT_READY_NO_EXECUTE] };
  return undefined;
}

export const REACHABLE: TaintChange = { add: [], remove: [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE] };
