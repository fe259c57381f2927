import { isRecord, type KubeObject } from '../../core/index.ts';

/**
 * What the simulated kubelet does next for one pod on one of its nodes,
 * decided from the pod alone (level-based): confirm a deletion, start it,
 * mark it ready, wait for readiness, or nothing.
 */
export type PodAction =
  | { kind: 'none' }
  | { kind: 'delete' }
  | { kind: 'start'; ready: boolean }
  | { kind: 'wait'; ms: number }
  | { kind: 'ready' };

export interface PodPlanInput {
  podStartupMs: number;
  now: number;
  /** when its containers started, in ms, if this process knows it more precisely than the status' seconds */
  startedAtMs?: number | undefined;
}

export function planPod(pod: KubeObject, input: PodPlanInput): PodAction {
  if (pod.metadata.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null) return { kind: 'delete' };
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const phase = status['phase'];
  if (phase === 'Succeeded' || phase === 'Failed') return { kind: 'none' };
  if (!isStarted(pod, status)) return { kind: 'start', ready: input.podStartupMs === 0 };
  if (containersReady(status) && readyMatchesGates(pod, status)) return { kind: 'none' };
  if (input.podStartupMs > 0) {
    const readyAt = (input.startedAtMs ?? startedAtFromStatus(status)) + input.podStartupMs;
    if (input.now < readyAt) return { kind: 'wait', ms: readyAt - input.now };
  }
  return { kind: 'ready' };
}

/** Running, with an address and a status for every container of the spec. */
function isStarted(pod: KubeObject, status: Record<string, unknown>): boolean {
  if (status['phase'] !== 'Running' || typeof status['podIP'] !== 'string' || status['podIP'] === '') return false;
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const want = Array.isArray(spec['containers']) ? spec['containers'].length : 0;
  const have = Array.isArray(status['containerStatuses']) ? status['containerStatuses'].length : 0;
  return have === want;
}

function conditionStatus(status: Record<string, unknown>, type: string): unknown {
  const list = Array.isArray(status['conditions']) ? status['conditions'] : [];
  const found = list.find((c: unknown) => isRecord(c) && c['type'] === type);
  return isRecord(found) ? found['status'] : undefined;
}

function containersReady(status: Record<string, unknown>): boolean {
  return conditionStatus(status, 'ContainersReady') === 'True';
}

/** With containers ready, Ready must say whether every readiness gate holds; a gate that changed needs a new write. */
function readyMatchesGates(pod: KubeObject, status: Record<string, unknown>): boolean {
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const gates = Array.isArray(spec['readinessGates']) ? spec['readinessGates'] : [];
  const gatesHold = gates.every((g: unknown) => isRecord(g) && typeof g['conditionType'] === 'string' && conditionStatus(status, g['conditionType']) === 'True');
  return (conditionStatus(status, 'Ready') === 'True') === gatesHold;
}

/** Status times have whole seconds: the latest instant of that second, so readiness never comes early. */
function startedAtFromStatus(status: Record<string, unknown>): number {
  let latest = Number.NaN;
  const list = Array.isArray(status['containerStatuses']) ? status['containerStatuses'] : [];
  for (const s of list) {
    const running = isRecord(s) && isRecord(s['state']) && isRecord(s['state']['running']) ? s['state']['running'] : undefined;
    const at = running !== undefined && typeof running['startedAt'] === 'string' ? Date.parse(running['startedAt']) : Number.NaN;
    if (!Number.isNaN(at) && !(at <= latest)) latest = at;
  }
  if (Number.isNaN(latest) && typeof status['startTime'] === 'string') latest = Date.parse(status['startTime']);
  return Number.isNaN(latest) ? 0 : latest + 999;
}
