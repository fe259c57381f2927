import type { ResourceAmounts } from '../../../contracts/scheduling.ts';

/** cpu as a Kubernetes quantity: whole cores as "8", anything else in millicores ("8500m") */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

const BINARY_SUFFIXES: readonly [string, number][] = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** memory as a Kubernetes quantity: the largest binary suffix that divides it ("32Gi", "1536Mi"), else bytes */
export function formatMemory(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [suffix, size] of BINARY_SUFFIXES) if (bytes % size === 0) return `${bytes / size}${suffix}`;
  return String(bytes);
}

/** "cpu 1500m, memory 4Gi" plus any other resource the pod asks for */
export function describeRequests(requests: ResourceAmounts): string {
  const parts = [`cpu ${formatCpu(requests.milliCPU)}`, `memory ${formatMemory(requests.memory)}`];
  if (requests.ephemeralStorage > 0) parts.push(`ephemeral-storage ${formatMemory(requests.ephemeralStorage)}`);
  for (const [name, amount] of requests.scalar) parts.push(`${name} ${amount}`);
  return parts.join(', ');
}
