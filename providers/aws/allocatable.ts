/**
 * What a node of an EC2 instance type offers to pods, from the figures
 * DescribeInstanceTypes reports. The reservations are Karpenter's defaults for
 * EKS-style nodes (kubelet's kube-reserved and eviction threshold, plus the
 * memory the hypervisor and firmware keep), so a pod the provisioner packs
 * onto a type also fits the node the type becomes.
 */

/** The AWS VPC CNI's max-pods: every ENI but its primary address gives one pod an address; +2 for host-network pods (kube-proxy, the CNI). */
export function eniLimitedPods(maxNetworkInterfaces: number, ipv4AddressesPerInterface: number): number {
  return maxNetworkInterfaces * (ipv4AddressesPerInterface - 1) + 2;
}

/** kube-reserved CPU: 6% of the first core, 1% of the second, 0.5% of the third and fourth, 0.25% of every core above four. */
const CPU_RESERVATION_STEPS: ReadonlyArray<{ fromMillis: number; toMillis: number; fraction: number }> = [
  { fromMillis: 0, toMillis: 1000, fraction: 0.06 },
  { fromMillis: 1000, toMillis: 2000, fraction: 0.01 },
  { fromMillis: 2000, toMillis: 4000, fraction: 0.005 },
  { fromMillis: 4000, toMillis: Number.POSITIVE_INFINITY, fraction: 0.0025 },
];

export function reservedCpuMillis(vcpus: number): number {
  const total = vcpus * 1000;
  let reserved = 0;
  for (const step of CPU_RESERVATION_STEPS) {
    const inStep = Math.min(total, step.toMillis) - step.fromMillis;
    if (inStep > 0) reserved += inStep * step.fraction;
  }
  return Math.ceil(reserved);
}

export function allocatableCpuMillis(vcpus: number): number {
  return vcpus * 1000 - reservedCpuMillis(vcpus);
}

/** Memory EC2 reports but the guest never sees (hypervisor, firmware): Karpenter's vmMemoryOverheadPercent. */
export const VM_MEMORY_OVERHEAD = 0.075;
/** kubelet's hard eviction threshold memory.available<100Mi */
export const EVICTION_THRESHOLD_MIB = 100;

/** kube-reserved memory: 255 MiB plus 11 MiB per pod the node may run. */
export function reservedMemoryMiB(pods: number): number {
  return 255 + 11 * pods;
}

/** MiB left to pods out of `sizeInMiB`; 0 or less when the type is too small to be a node. */
export function allocatableMemoryMiB(sizeInMiB: number, pods: number): number {
  const visible = Math.floor(sizeInMiB * (1 - VM_MEMORY_OVERHEAD));
  return visible - reservedMemoryMiB(pods) - EVICTION_THRESHOLD_MIB;
}
