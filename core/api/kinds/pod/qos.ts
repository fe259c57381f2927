import { Quantity } from '../../quantity.ts';
import { isRecord } from '../../types/meta.ts';

/** Pod quality-of-service class, as pkg/apis/core/helper/qos.ComputePodQOS derives it. */

export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

/** Positive cpu/memory quantities of a resource list; unparsable values count as absent. */
function qosQuantities(list: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  if (!isRecord(list)) return out;
  for (const name of QOS_RESOURCES) {
    const raw = list[name];
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    try {
      const q = Quantity.parse(String(raw));
      if (q.sign() > 0) out.set(name, q);
    } catch {
      // validation reports it; QoS just ignores it
    }
  }
  return out;
}

function addInto(total: Map<string, Quantity>, more: Map<string, Quantity>): void {
  for (const [name, q] of more) {
    const current = total.get(name);
    total.set(name, current === undefined ? q : current.add(q));
  }
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function resourcesOf(holder: Record<string, unknown>): Record<string, unknown> {
  const resources = holder['resources'];
  return isRecord(resources) ? resources : {};
}

/** Pod-level resources decide the class when they name cpu, memory or hugepages (PodLevelResources). */
function hasPodLevelResources(spec: Record<string, unknown>): boolean {
  const resources = spec['resources'];
  if (!isRecord(resources)) return false;
  return [resources['requests'], resources['limits']].some(
    (list) => isRecord(list) && Object.keys(list).some((k) => QOS_RESOURCES.includes(k) || k.startsWith('hugepages-')),
  );
}

export function computePodQOS(spec: unknown): PodQOSClass {
  const s = isRecord(spec) ? spec : {};
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;

  if (hasPodLevelResources(s)) {
    const resources = resourcesOf(s);
    addInto(requests, qosQuantities(resources['requests']));
    if (isRecord(resources['limits']) && Object.keys(resources['limits']).length > 0) {
      const podLimits = qosQuantities(resources['limits']);
      addInto(limits, podLimits);
      if (!QOS_RESOURCES.every((r) => podLimits.has(r))) guaranteed = false;
    }
  } else {
    // Ephemeral containers cannot declare resources, so only these two lists count.
    for (const ctr of [...records(s['containers']), ...records(s['initContainers'])]) {
      const resources = resourcesOf(ctr);
      addInto(requests, qosQuantities(resources['requests']));
      const ctrLimits = qosQuantities(resources['limits']);
      addInto(limits, ctrLimits);
      if (!QOS_RESOURCES.every((r) => ctrLimits.has(r))) guaranteed = false;
    }
  }

  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (lim === undefined || lim.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
