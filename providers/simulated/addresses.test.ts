import { describe, expect, it } from 'vitest';
import { addressingFor, indexOfPodCidr, NodeIndexAllocator, PodAddressPool } from './addresses.ts';

describe('node addressing', () => {
  it.each([
    [0, '172.16.0.2', '10.0.0.0/24'],
    [1, '172.16.0.3', '10.0.1.0/24'],
    [255, '172.16.1.1', '10.0.255.0/24'],
    [256, '172.16.1.2', '10.1.0.0/24'],
    [65_535, '172.17.0.1', '10.255.255.0/24'],
  ])('node %i gets InternalIP %s and pod range %s', (index, ip, cidr) => {
    expect(addressingFor(index)).toEqual({ index, internalIp: ip, podCidr: cidr });
    expect(indexOfPodCidr(cidr)).toBe(index);
  });

  it.each([['10.0.0.0/16'], ['192.168.0.0/24'], ['10.256.0.0/24'], ['']])('does not claim the foreign range %j', (cidr) => {
    expect(indexOfPodCidr(cidr)).toBeUndefined();
  });

  it('refuses indexes past the address plan', () => {
    expect(() => addressingFor(65_536)).toThrow(RangeError);
  });
});

describe('NodeIndexAllocator', () => {
  it('hands out the lowest free index and reuses released ones', () => {
    const allocator = new NodeIndexAllocator();
    expect(allocator.claim(1)).toBe(true);
    expect(allocator.claim(1)).toBe(false);
    expect([allocator.allocate(), allocator.allocate()]).toEqual([0, 2]);
    allocator.release(0);
    expect(allocator.allocate()).toBe(0);
    expect(allocator.allocate()).toBe(3);
  });
});

describe('PodAddressPool', () => {
  it('hands out addresses in turn, skipping those in use, and does not reuse a released one at once', () => {
    const pool = new PodAddressPool('10.0.3.0/24');
    expect(pool.reserve('10.0.3.3')).toBe(true);
    expect(pool.allocate()).toBe('10.0.3.2');
    expect(pool.allocate()).toBe('10.0.3.4');
    pool.release('10.0.3.2');
    expect(pool.allocate()).toBe('10.0.3.5');
    expect(pool.size).toBe(3);
  });

  it('does not take addresses of other ranges', () => {
    const pool = new PodAddressPool('10.0.3.0/24');
    expect(pool.reserve('10.0.4.7')).toBe(false);
    expect(pool.reserve('10.0.3.255')).toBe(false);
  });

  it('runs out after 253 pods and recovers when one goes', () => {
    const pool = new PodAddressPool('10.0.0.0/24');
    const all = Array.from({ length: 253 }, () => pool.allocate());
    expect(new Set(all).size).toBe(253);
    expect(pool.allocate()).toBeUndefined();
    pool.release('10.0.0.77');
    expect(pool.allocate()).toBe('10.0.0.77');
  });
});
