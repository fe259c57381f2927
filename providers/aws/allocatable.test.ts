import { describe, expect, it } from 'vitest';
import { allocatableCpuMillis, allocatableMemoryMiB, eniLimitedPods, reservedCpuMillis, reservedMemoryMiB } from './allocatable.ts';

describe('what an EC2 node offers to pods', () => {
  // The AWS VPC CNI's eni-max-pods.txt lists these figures.
  it.each([
    ['t3.micro', 2, 2, 4],
    ['t3.medium', 3, 6, 17],
    ['m5.large', 3, 10, 29],
    ['m5.xlarge', 4, 15, 58],
    ['m5.24xlarge', 15, 50, 737],
  ])('%s runs ENI-limited pods: %i ENIs × (%i addresses − 1) + 2', (_type, enis, addresses, pods) => {
    expect(eniLimitedPods(enis, addresses)).toBe(pods);
  });

  it.each([
    [1, 60],
    [2, 70],
    [4, 80],
    [8, 90],
    [96, 310],
  ])('reserves for kubelet, out of %i vCPUs, %i millicores', (vcpus, reserved) => {
    expect(reservedCpuMillis(vcpus)).toBe(reserved);
    expect(allocatableCpuMillis(vcpus)).toBe(vcpus * 1000 - reserved);
  });

  it.each([
    // size, pods, 92.5% visible − (255 + 11 × pods) − 100 eviction
    [8192, 29, 7577 - 574 - 100],
    [4096, 17, 3788 - 442 - 100],
    [1024, 4, 947 - 299 - 100],
  ])('leaves pods, out of %i MiB with %i pods, %i MiB', (size, pods, allocatable) => {
    expect(allocatableMemoryMiB(size, pods)).toBe(allocatable);
  });

  it('leaves nothing on a type too small to be a node', () => {
    expect(allocatableMemoryMiB(256, 4)).toBeLessThanOrEqual(0);
    expect(reservedMemoryMiB(110)).toBe(1465);
  });
});
