import type { PodView } from './pod-view.ts';

/**
 * TriggerTimeTracker (k8s.io/endpointslice/util): computes the
 * `endpoints.kubernetes.io/last-change-trigger-time` annotation, the time of
 * the earliest change not yet reflected in a Service's endpoint objects, so a
 * proxy can measure how long a change took to reach it. A pod's change is
 * its Ready condition's transition; the Service's is its creation.
 */

interface ServiceState {
  lastServiceTriggerTime: number | undefined;
  lastPodTriggerTimes: Map<string, number>;
}

function timeMs(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** min where undefined is Go's zero time, "no time" */
function earliest(a: number | undefined, b: number): number {
  return a === undefined || b < a ? b : a;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /**
   * The trigger time for this sync of `serviceKey`, remembering what it saw:
   * the Service's creation the first time, then the earliest pod or Service
   * change since the previous call; undefined when nothing changed.
   */
  compute(serviceKey: string, serviceCreation: string | undefined, pods: readonly PodView[]): number | undefined {
    const state = this.states.get(serviceKey);
    let minChanged: number | undefined;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const podTime = timeMs(pod.readyTransitionTime);
      if (podTime === undefined) continue;
      podTimes.set(pod.name, podTime);
      const last = state?.lastPodTriggerTimes.get(pod.name);
      if (last === undefined || podTime > last) minChanged = earliest(minChanged, podTime);
    }
    const serviceTime = timeMs(serviceCreation);
    if (serviceTime !== undefined && (state?.lastServiceTriggerTime === undefined || serviceTime > state.lastServiceTriggerTime)) {
      minChanged = earliest(minChanged, serviceTime);
    }
    this.states.set(serviceKey, { lastServiceTriggerTime: serviceTime, lastPodTriggerTimes: podTimes });
    if (state === undefined) return serviceTime;
    return minChanged;
  }

  deleteService(serviceKey: string): void {
    this.states.delete(serviceKey);
  }
}
