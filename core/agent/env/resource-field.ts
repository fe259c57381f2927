/**
 * The downward API's resourceFieldRef (pkg/api/v1/resource): a container's
 * request or limit divided by a divisor, rounded up. A limit the container does
 * not set (or sets to zero) is the node's allocatable amount, as kubelet's
 * MergeContainerResourceLimits makes it; a missing request is 0.
 */
import type { Container } from './pod-parts.ts';
import type { PodRuntimeFacts } from './object-source.ts';
import { Quantity } from '../../api/quantity.ts';

export interface ResourceFieldSelector {
  containerName?: string | undefined;
  resource?: string | undefined;
  divisor?: string | number | undefined;
}

type Kind = 'cpu' | 'memory' | 'ephemeral-storage';

const FIELDS: Record<string, { side: 'limits' | 'requests'; kind: Kind }> = {
  'limits.cpu': { side: 'limits', kind: 'cpu' },
  'limits.memory': { side: 'limits', kind: 'memory' },
  'limits.ephemeral-storage': { side: 'limits', kind: 'ephemeral-storage' },
  'requests.cpu': { side: 'requests', kind: 'cpu' },
  'requests.memory': { side: 'requests', kind: 'memory' },
  'requests.ephemeral-storage': { side: 'requests', kind: 'ephemeral-storage' },
};

/**
 * The value for `selector`, reading the container it names (or `current` when it
 * names none, as env vars may). Throws plain Errors with kubelet's wording.
 */
export function resourceFieldValue(
  selector: ResourceFieldSelector,
  containers: readonly Container[],
  current: Container | undefined,
  facts: PodRuntimeFacts,
): string {
  const containerName = selector.containerName ?? '';
  const container = containerName === '' ? current : containers.find((c) => c.name === containerName);
  if (container === undefined) throw new Error(`container ${containerName} not found`);

  const resource = selector.resource ?? '';
  const field = FIELDS[resource];
  if (field === undefined) throw new Error(`unsupported container resource : ${resource}`);
  const divisor = parseDivisor(selector.divisor);
  const amount = amountOf(container, field.side, field.kind, facts);
  // CPU divides in millicores, everything else in whole units (Value rounds up), as kubelet does.
  return field.kind === 'cpu'
    ? ceilDiv(amount.milliValue(), divisor.milliValue()).toString()
    : ceilDiv(amount.value(), divisor.value()).toString();
}

function parseDivisor(divisor: string | number | undefined): Quantity {
  if (divisor === undefined) return Quantity.fromValue(1);
  const parsed = Quantity.parse(String(divisor));
  return parsed.isZero() ? Quantity.fromValue(1) : parsed;
}

function amountOf(container: Container, side: 'limits' | 'requests', kind: Kind, facts: PodRuntimeFacts): Quantity {
  const raw = container.resources?.[side]?.[kind];
  const declared = raw === undefined ? Quantity.fromValue(0) : Quantity.parse(String(raw));
  if (side === 'requests' || !declared.isZero()) return declared;
  const allocatable = facts.nodeAllocatable;
  if (kind === 'cpu') return Quantity.fromMilli(Math.trunc(allocatable.cpuMillis));
  if (kind === 'memory') return Quantity.fromValue(Math.trunc(allocatable.memoryBytes), 'BinarySI');
  return allocatable.ephemeralStorageBytes === undefined
    ? declared
    : Quantity.fromValue(Math.trunc(allocatable.ephemeralStorageBytes), 'BinarySI');
}

/** ceil(a / b) for bigints of any sign (bigint division truncates toward zero). */
function ceilDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Error('divisor must not be zero');
  const quotient = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? quotient + 1n : quotient;
}
