import type { KubeObject } from '../../types/meta.ts';
import { parseTimestamp, translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { arr, bool, num, rec, str } from '../../table/fields.ts';
import type { TableCell, TableConvertor } from '../../table/table.ts';

/**
 * `kubectl get pods`, after printPod in kubernetes/pkg/printers/internalversion:
 * READY counts ready app containers (and started sidecars), STATUS is the most
 * telling reason among phase, init containers and containers, RESTARTS carries
 * the time of the last restart.
 */

/** Reason the node lifecycle controller sets on pods of an unreachable node. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

interface ContainerState {
  waiting?: Record<string, unknown>;
  running?: Record<string, unknown>;
  terminated?: Record<string, unknown>;
}

function state(status: unknown): ContainerState {
  return {
    waiting: rec(status, 'state', 'waiting'),
    running: rec(status, 'state', 'running'),
    terminated: rec(status, 'state', 'terminated'),
  };
}

/** Finish time of the previous run, when the container has restarted at least once. */
function lastTerminationFinishedAt(status: unknown): number | undefined {
  if (rec(status, 'lastState', 'terminated') === undefined) return undefined;
  return parseTimestamp(str(status, 'lastState', 'terminated', 'finishedAt'));
}

/** Text for a terminated container without a reason: "Signal:9" or "ExitCode:1". */
function exitText(terminated: Record<string, unknown>): string {
  const signal = num(terminated, 'signal') ?? 0;
  return signal !== 0 ? `Signal:${signal}` : `ExitCode:${num(terminated, 'exitCode') ?? 0}`;
}

/** isPodInitializedConditionTrue: the first Initialized condition decides. */
function isInitialized(pod: KubeObject): boolean {
  const condition = arr(pod, 'status', 'conditions').find((c) => str(c, 'type') === 'Initialized');
  return condition !== undefined && str(condition, 'status') === 'True';
}

/** hasPodReadyCondition: any Ready=True condition counts. */
function hasReadyCondition(pod: KubeObject): boolean {
  return arr(pod, 'status', 'conditions').some((c) => str(c, 'type') === 'Ready' && str(c, 'status') === 'True');
}

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  /** epoch ms of the latest restart, 0 when none is known */
  lastRestart: number;
}

function summarize(pod: KubeObject): PodSummary {
  const phase = str(pod, 'status', 'phase') ?? '';
  let reason = str(pod, 'status', 'reason') || phase;
  for (const condition of arr(pod, 'status', 'conditions')) {
    if (str(condition, 'type') === 'PodScheduled' && str(condition, 'reason') === 'SchedulingGated') {
      reason = 'SchedulingGated';
    }
  }

  const initSpecs = arr(pod, 'spec', 'initContainers');
  const sidecars = new Set(
    initSpecs.filter((c) => str(c, 'restartPolicy') === 'Always').map((c) => str(c, 'name') ?? ''),
  );
  const total = arr(pod, 'spec', 'containers').length + sidecars.size;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;

  let initializing = false;
  const initStatuses = arr(pod, 'status', 'initContainerStatuses');
  for (const [index, status] of initStatuses.entries()) {
    const count = num(status, 'restartCount') ?? 0;
    const finishedAt = lastTerminationFinishedAt(status);
    restarts += count;
    if (finishedAt !== undefined && finishedAt > lastRestart) lastRestart = finishedAt;
    const isSidecar = sidecars.has(str(status, 'name') ?? '');
    if (isSidecar) {
      sidecarRestarts += count;
      if (finishedAt !== undefined && finishedAt > lastSidecarRestart) lastSidecarRestart = finishedAt;
    }

    const { waiting, terminated } = state(status);
    const waitingReason = str(waiting, 'reason') ?? '';
    if (terminated !== undefined && (num(terminated, 'exitCode') ?? 0) === 0) continue;
    if (isSidecar && bool(status, 'started') === true) {
      if (bool(status, 'ready') === true) ready++;
      continue;
    }
    if (terminated !== undefined) {
      const terminatedReason = str(terminated, 'reason') ?? '';
      reason = terminatedReason === '' ? `Init:${exitText(terminated)}` : `Init:${terminatedReason}`;
    } else if (waitingReason !== '' && waitingReason !== 'PodInitializing') {
      reason = `Init:${waitingReason}`;
    } else {
      reason = `Init:${index}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isInitialized(pod)) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = arr(pod, 'status', 'containerStatuses');
    // Walked backwards so the first container's state wins the STATUS column.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const status = statuses[i];
      restarts += num(status, 'restartCount') ?? 0;
      const finishedAt = lastTerminationFinishedAt(status);
      if (finishedAt !== undefined && finishedAt > lastRestart) lastRestart = finishedAt;

      const { waiting, running, terminated } = state(status);
      const waitingReason = str(waiting, 'reason') ?? '';
      const terminatedReason = str(terminated, 'reason') ?? '';
      if (waitingReason !== '') {
        reason = waitingReason;
      } else if (terminated !== undefined) {
        reason = terminatedReason !== '' ? terminatedReason : exitText(terminated);
      } else if (bool(status, 'ready') === true && running !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose first container completed while others still run is not "Completed".
    if (reason === 'Completed' && hasRunning) {
      reason = hasReadyCondition(pod) ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp) {
    if (str(pod, 'status', 'reason') === NODE_UNREACHABLE_POD_REASON) {
      reason = 'Unknown';
    } else if (phase !== 'Succeeded' && phase !== 'Failed') {
      reason = 'Terminating';
    }
  }

  return { ready, total, reason, restarts, lastRestart };
}

function restartsCell(summary: PodSummary, now: Date): string {
  if (summary.restarts === 0 || summary.lastRestart === 0) return String(summary.restarts);
  const ago = translateTimestampSince(new Date(summary.lastRestart).toISOString(), now);
  return `${summary.restarts} (${ago} ago)`;
}

/** "<true gates>/<gates>", counting the first pod condition of each gate's type. */
function readinessGatesCell(pod: KubeObject): string {
  const gates = arr(pod, 'spec', 'readinessGates');
  if (gates.length === 0) return '<none>';
  const conditions = arr(pod, 'status', 'conditions');
  let trueCount = 0;
  for (const gate of gates) {
    const condition = conditions.find((c) => str(c, 'type') === str(gate, 'conditionType'));
    if (condition !== undefined && str(condition, 'status') === 'True') trueCount++;
  }
  return `${trueCount}/${gates.length}`;
}

function podIPCell(pod: KubeObject): string {
  // v1 status.podIP is the first of status.podIPs; either may be all an object carries.
  const ip = str(arr(pod, 'status', 'podIPs')[0], 'ip') || str(pod, 'status', 'podIP');
  return ip || '<none>';
}

export const podTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn(),
    column('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster.', 1),
    column('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
    column(
      'Nominated Node',
      'string',
      'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.',
      1,
    ),
    column(
      'Readiness Gates',
      'string',
      'If specified, all readiness gates will be evaluated for pod readiness.',
      1,
    ),
  ],
  cells(pod, now): TableCell[] {
    const summary = summarize(pod);
    return [
      pod.metadata.name ?? '',
      `${summary.ready}/${summary.total}`,
      summary.reason,
      restartsCell(summary, now),
      translateTimestampSince(pod.metadata.creationTimestamp, now),
      podIPCell(pod),
      str(pod, 'spec', 'nodeName') || '<none>',
      str(pod, 'status', 'nominatedNodeName') || '<none>',
      readinessGatesCell(pod),
    ];
  },
};
