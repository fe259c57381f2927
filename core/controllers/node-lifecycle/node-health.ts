import { findCondition, rfc3339, type Condition } from './node-fields.ts';
import { jsonEqual } from '../../api/types/json-equal.ts';

/**
 * What the controller remembers of a node between passes (nodeHealthData).
 * Heartbeats are judged by when this controller saw them change, in its own
 * clock, never by the timestamps a node writes: a node's clock may be off,
 * and a control plane back from a restart gives every node a fresh grace
 * period instead of declaring them all dead at once.
 */
export interface NodeHealth {
  /** local ms when a heartbeat was last seen (a new Ready lastHeartbeatTime or a later Lease renewTime) */
  probeTimestamp: number;
  /** local ms when the Ready condition was last seen to change */
  readyTransitionTimestamp: number;
  /** the Ready condition as last seen */
  ready: Condition | undefined;
  /** the Lease's renewTime as last seen */
  leaseRenewTime: number | undefined;
}

export interface NodeSnapshot {
  conditions: readonly Condition[];
  /** metadata.creationTimestamp in ms */
  createdAt: number;
  /** the kube-node-lease Lease's renewTime in ms, if the node has a Lease */
  leaseRenewTime: number | undefined;
}

export interface HealthTimings {
  gracePeriodMs: number;
  startupGracePeriodMs: number;
}

export interface HealthAssessment {
  health: NodeHealth;
  /** the Ready condition as the node had it (a stand-in Unknown one, dated at creation, if it had none) */
  observedReady: Condition;
  /** the Ready condition after this pass; undefined if the node has none and needs none yet */
  currentReady: Condition | undefined;
  /** the conditions to write through nodes/status, when the node went silent past its grace period */
  newConditions: Condition[] | undefined;
}

/** conditions the controller turns Unknown; NetworkUnavailable is the network plugin's, never touched */
const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

function fresh(ready: Condition | undefined, leaseRenewTime: number | undefined, now: number): NodeHealth {
  return { probeTimestamp: now, readyTransitionTimestamp: now, ready, leaseRenewTime };
}

/** The heartbeat bookkeeping half of tryUpdateNodeHealth. */
function observe(previous: NodeHealth | undefined, node: NodeSnapshot, now: number): NodeHealth {
  const current = findCondition(node.conditions, 'Ready');
  const saved = previous?.ready;
  let health: NodeHealth;
  if (current === undefined) {
    // Never posted: the node's age is what counts, against the startup grace period.
    health = previous === undefined ? { probeTimestamp: node.createdAt, readyTransitionTimestamp: node.createdAt, ready: undefined, leaseRenewTime: undefined } : { ...previous, ready: undefined };
  } else if (previous === undefined || saved === undefined) {
    health = fresh(current, previous?.leaseRenewTime, now);
  } else if (saved.lastHeartbeatTime !== current.lastHeartbeatTime) {
    const transitioned = saved.lastTransitionTime !== current.lastTransitionTime;
    health = { ...previous, probeTimestamp: now, readyTransitionTimestamp: transitioned ? now : previous.readyTransitionTimestamp, ready: current };
  } else {
    health = previous;
  }
  // A renewed Lease is a heartbeat too; a node that only renews its Lease is taken as healthy.
  const lease = node.leaseRenewTime;
  if (lease !== undefined && (health.leaseRenewTime === undefined || health.leaseRenewTime < lease)) {
    health = { ...health, leaseRenewTime: lease, probeTimestamp: now };
  }
  return health;
}

/** The conditions of a node silent for too long: each monitored one Unknown (added if it never was posted). */
function silencedConditions(conditions: readonly Condition[], createdAt: number, now: number): Condition[] {
  const stamp = rfc3339(now);
  const out = [...conditions];
  for (const type of MONITORED_CONDITIONS) {
    const index = out.findIndex((c) => c.type === type);
    const condition = out[index];
    if (condition === undefined) {
      out.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: rfc3339(createdAt),
        lastTransitionTime: stamp,
      });
    } else if (condition.status !== 'Unknown') {
      out[index] = { ...condition, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: stamp };
    }
  }
  return out;
}

function sameCondition(a: Condition | undefined, b: Condition | undefined): boolean {
  return jsonEqual(a ?? null, b ?? null);
}

/**
 * tryUpdateNodeHealth as a pure decision: record the heartbeats seen, and
 * when none came within the grace period (the startup one for a node that
 * never posted Ready) turn the conditions Unknown. A write is only asked for
 * when Ready itself changes, as Kubernetes does.
 */
export function assessNodeHealth(previous: NodeHealth | undefined, node: NodeSnapshot, now: number, timings: HealthTimings): HealthAssessment {
  const currentReady = findCondition(node.conditions, 'Ready');
  // Formatted only for a node that never posted Ready: this runs for every node every monitor period.
  const observedReady: Condition = currentReady ?? neverReady(rfc3339(node.createdAt));
  const gracePeriodMs = currentReady === undefined ? timings.startupGracePeriodMs : timings.gracePeriodMs;
  const health = observe(previous, node, now);
  if (now <= health.probeTimestamp + gracePeriodMs) return { health, observedReady, currentReady, newConditions: undefined };

  const conditions = silencedConditions(node.conditions, node.createdAt, now);
  const ready = findCondition(conditions, 'Ready');
  if (sameCondition(ready, currentReady)) return { health, observedReady, currentReady, newConditions: undefined };
  return { health, observedReady, currentReady: ready, newConditions: conditions };
}

function neverReady(createdStamp: string): Condition {
  return { type: 'Ready', status: 'Unknown', lastHeartbeatTime: createdStamp, lastTransitionTime: createdStamp };
}

/** The record to keep once the Unknown conditions were written: the write is no heartbeat. */
export function afterStatusWrite(assessment: HealthAssessment, now: number): NodeHealth {
  return { ...assessment.health, ready: assessment.currentReady, readyTransitionTimestamp: now };
}
