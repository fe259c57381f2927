import { isRecord } from '../../../api/types/meta.ts';
import { addResourceList, listHas, MutableResourceAmounts } from './resource-amounts.ts';

/** schedutil.DefaultMilliCPURequest and DefaultMemoryRequest: what a container without requests counts as when spreading. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function requestsOf(container: Record<string, unknown>): unknown {
  const resources = container['resources'];
  return isRecord(resources) ? resources['requests'] : undefined;
}

function containerRequests(container: Record<string, unknown>, nonMissing: boolean): MutableResourceAmounts {
  const amounts = new MutableResourceAmounts();
  const list = requestsOf(container);
  addResourceList(amounts, list);
  if (nonMissing) {
    if (!listHas(list, 'cpu')) amounts.milliCPU += DEFAULT_MILLI_CPU_REQUEST;
    if (!listHas(list, 'memory')) amounts.memory += DEFAULT_MEMORY_REQUEST;
  }
  return amounts;
}

/**
 * resourcehelper.PodRequests: app containers and restartable init containers
 * (sidecars) run together, so they add up; other init containers run one at a
 * time beside the sidecars started before them, so the pod needs the largest
 * of those moments or the steady state, whichever is more; overhead comes on
 * top. With `nonMissing`, containers that request no cpu or memory count as
 * 100m and 200Mi, as the spreading scores want. Pod-level requests
 * (spec.resources) take precedence for cpu and memory.
 */
export function computePodRequests(spec: Record<string, unknown>, nonMissing: boolean): MutableResourceAmounts {
  const total = new MutableResourceAmounts();
  for (const container of records(spec['containers'])) total.add(containerRequests(container, nonMissing));

  const sidecars = new MutableResourceAmounts();
  const initPeak = new MutableResourceAmounts();
  for (const container of records(spec['initContainers'])) {
    const own = containerRequests(container, nonMissing);
    if (container['restartPolicy'] === 'Always') {
      total.add(own);
      sidecars.add(own);
      initPeak.max(sidecars);
    } else {
      own.add(sidecars);
      initPeak.max(own);
    }
  }
  total.max(initPeak);

  const podLevel = isRecord(spec['resources']) ? spec['resources']['requests'] : undefined;
  if (isRecord(podLevel)) {
    const amounts = new MutableResourceAmounts();
    addResourceList(amounts, podLevel);
    if (listHas(podLevel, 'cpu')) total.milliCPU = amounts.milliCPU;
    if (listHas(podLevel, 'memory')) total.memory = amounts.memory;
  }
  addResourceList(total, spec['overhead']);
  return total;
}
