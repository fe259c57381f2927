import { Quantity } from '../../../api/quantity.ts';
import { isRecord } from '../../../api/types/meta.ts';
import type { ResourceAmounts } from '../../../contracts/scheduling.ts';

/** the scalar resources of amounts that have none: most pods and nodes */
const NO_SCALARS: ReadonlyMap<string, number> = new Map();

/** A ResourceAmounts the scheduler adds to and subtracts from as pods come and go. */
export class MutableResourceAmounts implements ResourceAmounts {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  /**
   * Made with the first extended resource: a pod's requests are summed from
   * an amount per container, and an empty Map each was most of what the
   * scheduler's view of a pod kept.
   */
  private ownScalar: Map<string, number> | undefined;

  get scalar(): ReadonlyMap<string, number> {
    return this.ownScalar ?? NO_SCALARS;
  }

  /** sets one extended resource's amount; 0 removes it */
  setScalar(name: string, value: number): void {
    if (value !== 0) (this.ownScalar ??= new Map()).set(name, value);
    else this.ownScalar?.delete(name);
  }

  /** adds `other` times `sign` (1 to add a pod, -1 to remove it) */
  add(other: ResourceAmounts, sign: 1 | -1 = 1): void {
    this.milliCPU += sign * other.milliCPU;
    this.memory += sign * other.memory;
    this.ephemeralStorage += sign * other.ephemeralStorage;
    this.allowedPodNumber += sign * other.allowedPodNumber;
    for (const [name, value] of other.scalar) this.setScalar(name, (this.scalar.get(name) ?? 0) + sign * value);
  }

  /** each resource to the larger of the two (how init containers count) */
  max(other: ResourceAmounts): void {
    this.milliCPU = Math.max(this.milliCPU, other.milliCPU);
    this.memory = Math.max(this.memory, other.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, other.ephemeralStorage);
    for (const [name, value] of other.scalar) this.setScalar(name, Math.max(this.scalar.get(name) ?? 0, value));
  }

  clone(): MutableResourceAmounts {
    const copy = new MutableResourceAmounts();
    copy.add(this);
    return copy;
  }
}

export const EMPTY_RESOURCES: ResourceAmounts = Object.freeze(new MutableResourceAmounts());

/** The amount of one named resource: `cpu` in millicores, anything else in units. */
export function amountOf(amounts: ResourceAmounts, name: string): number {
  switch (name) {
    case 'cpu':
      return amounts.milliCPU;
    case 'memory':
      return amounts.memory;
    case 'ephemeral-storage':
      return amounts.ephemeralStorage;
    case 'pods':
      return amounts.allowedPodNumber;
    default:
      return amounts.scalar.get(name) ?? 0;
  }
}

/**
 * schedutil.IsScalarResourceName: extended resources (`example.com/gpu`),
 * prefixed native ones (`kubernetes.io/...`), hugepages and attachable volumes.
 */
export function isScalarResourceName(name: string): boolean {
  return name.includes('/') || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

interface ParsedQuantity {
  milli: number;
  value: number;
}

// The same few strings ("100m", "500Mi", "4") arrive on thousands of pods and nodes;
// parsing each once keeps BigInt arithmetic out of the informer path.
const parsedQuantities = new Map<string, ParsedQuantity | null>();
const MAX_REMEMBERED_QUANTITIES = 4096;

function parseQuantity(raw: unknown): ParsedQuantity | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw);
  const known = parsedQuantities.get(text);
  if (known !== undefined) return known;
  let parsed: ParsedQuantity | null;
  try {
    const q = Quantity.parse(text);
    parsed = { milli: Number(q.milliValue()), value: Number(q.value()) };
  } catch {
    // The API server validated it; anything unparsable here counts as absent.
    parsed = null;
  }
  if (parsedQuantities.size >= MAX_REMEMBERED_QUANTITIES) parsedQuantities.clear();
  parsedQuantities.set(text, parsed);
  return parsed;
}

/** Adds a v1.ResourceList (`{cpu: "100m", memory: "1Gi"}`) into `into`, as framework.Resource.Add does. */
export function addResourceList(into: MutableResourceAmounts, list: unknown): void {
  if (!isRecord(list)) return;
  for (const [name, raw] of Object.entries(list)) {
    const q = parseQuantity(raw);
    if (q === null) continue;
    switch (name) {
      case 'cpu':
        into.milliCPU += q.milli;
        break;
      case 'memory':
        into.memory += q.value;
        break;
      case 'ephemeral-storage':
        into.ephemeralStorage += q.value;
        break;
      case 'pods':
        into.allowedPodNumber += q.value;
        break;
      default:
        if (isScalarResourceName(name)) into.setScalar(name, (into.scalar.get(name) ?? 0) + q.value);
    }
  }
}

export function resourceListToAmounts(list: unknown): MutableResourceAmounts {
  const amounts = new MutableResourceAmounts();
  addResourceList(amounts, list);
  return amounts;
}

/** Whether a resource list names `name` at all (a missing request differs from an explicit zero). */
export function listHas(list: unknown, name: string): boolean {
  return isRecord(list) && list[name] !== undefined;
}
