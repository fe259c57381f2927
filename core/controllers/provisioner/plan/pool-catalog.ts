import { WellKnownLabels, type NodeRequirement } from '../../../api/kinds/nodepool/types.ts';
import { isInt64 } from '../../../api/selectors/label-requirement.ts';
import type { InstanceType } from '../../../contracts/node-provider.ts';
import type { PodInfo } from '../../../contracts/scheduling.ts';
import { MutableNodeInfo } from '../../scheduler/cache/node-info.ts';
import { requiredNodeAffinity } from '../../scheduler/plugins/node-selector.ts';
import { commonLabels, offerLabelsOf, poolLabelsOf, TYPE_LEVEL_KEYS } from './offer-labels.ts';
import type { PoolInput } from './types.ts';

/** One instance type in one zone, as the pool would launch it. */
export interface Offer {
  readonly labels: Readonly<Record<string, string>>;
  /** a NodeInfo with the offer's labels, to match pods' node selectors against; made when first needed */
  probe?: MutableNodeInfo;
}

/** cheapest first; equal prices: fewer resources first, then by name */
function byPrice(a: InstanceType, b: InstanceType): number {
  return a.pricePerHour - b.pricePerHour || a.cpuMillis - b.cpuMillis || a.memoryBytes - b.memoryBytes || a.pods - b.pods || a.name.localeCompare(b.name);
}

/** Whether a label value (undefined: the label is unset) meets a node selector requirement. */
export function requirementAllows(r: NodeRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const bound = values[0];
      if (value === undefined || bound === undefined || !isInt64(value) || !isInt64(bound)) return false;
      return r.operator === 'Gt' ? BigInt(value) > BigInt(bound) : BigInt(value) < BigInt(bound);
    }
  }
}

/**
 * A pool's instance types as arrays the planner scans: sorted cheapest
 * first, with their allocatable cpu, memory and pods side by side, and per
 * zone the offers the pool's requirements allow. Requirements on keys the
 * planner cannot know the value of (keys of neither the types nor the pool's
 * labels) are left to the provider.
 */
export class PoolCatalog {
  readonly name: string;
  readonly types: readonly InstanceType[];
  readonly cpu: Float64Array;
  readonly memory: Float64Array;
  readonly pods: Float64Array;
  /** zones with at least one offer, by name */
  readonly zones: readonly string[];
  /** offers[zone index][type index]; undefined where the type is not offered there or the pool rules it out */
  readonly offers: readonly (readonly (Offer | undefined)[])[];
  /** per zone: the labels every offer there carries */
  readonly zoneLabels: readonly Readonly<Record<string, string>>[];
  private readonly compatible = new Map<string, Uint8Array | null>();

  constructor(readonly pool: PoolInput) {
    this.name = pool.name;
    this.types = [...pool.instanceTypes].sort(byPrice);
    this.cpu = Float64Array.from(this.types, (t) => t.cpuMillis);
    this.memory = Float64Array.from(this.types, (t) => t.memoryBytes);
    this.pods = Float64Array.from(this.types, (t) => t.pods);
    const poolLabels = poolLabelsOf(pool.name, pool.labels, pool.requirements);
    const decidable = new Set<string>([...TYPE_LEVEL_KEYS, WellKnownLabels.zone, ...Object.keys(poolLabels)]);
    const requirements = pool.requirements.filter((r) => decidable.has(r.key));
    const allZones = [...new Set(this.types.flatMap((t) => t.zones))].sort();
    const zones: string[] = [];
    const offers: (Offer | undefined)[][] = [];
    const zoneLabels: Record<string, string>[] = [];
    for (const zone of allZones) {
      const row = this.types.map((type) => {
        if (!type.zones.includes(zone)) return undefined;
        const labels = offerLabelsOf(poolLabels, type, zone);
        if (!requirements.every((r) => requirementAllows(r, labels[r.key]))) return undefined;
        return { labels };
      });
      const present = row.filter((o): o is Offer => o !== undefined);
      if (present.length === 0) continue;
      zones.push(zone);
      offers.push(row);
      zoneLabels.push(commonLabels(present.map((o) => o.labels)));
    }
    this.zones = zones;
    this.offers = offers;
    this.zoneLabels = zoneLabels;
  }

  get empty(): boolean {
    return this.zones.length === 0;
  }

  offer(zone: number, type: number): Offer | undefined {
    return this.offers[zone]?.[type];
  }

  /**
   * Which offers the pod's node selector and required node affinity allow,
   * indexed zone × types + type; null when the pod has neither (all do).
   * Computed once per pool and scheduling signature.
   */
  compatibility(pod: PodInfo, signature: string): Uint8Array | null {
    const known = this.compatible.get(signature);
    if (known !== undefined) return known;
    const matches = requiredNodeAffinity(pod);
    const out = matches === null ? null : new Uint8Array(this.zones.length * this.types.length);
    if (matches !== null && out !== null) {
      this.offers.forEach((row, z) => {
        row.forEach((offer, t) => {
          if (offer !== undefined && matches(this.probeOf(offer, z, t))) out[z * this.types.length + t] = 1;
        });
      });
    }
    this.compatible.set(signature, out);
    return out;
  }

  private probeOf(offer: Offer, zone: number, type: number): MutableNodeInfo {
    if (offer.probe !== undefined) return offer.probe;
    const name = `${this.name}/${this.types[type]?.name ?? ''}/${this.zones[zone] ?? ''}`;
    const probe = new MutableNodeInfo(name);
    probe.setNode({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { ...offer.labels } } });
    offer.probe = probe;
    return probe;
  }
}
