import { describe, expect, it } from 'vitest';
import { AllocationError } from './service-allocation-error.ts';
import { ServiceIPAllocator } from './service-ip-allocator.ts';
import { parseServiceIPRange } from './service-ranges.ts';

function allocator(cidr = '10.96.0.0/28'): ServiceIPAllocator {
  return new ServiceIPAllocator(parseServiceIPRange(cidr));
}

function refusal(run: () => unknown): AllocationError {
  try {
    run();
  } catch (error) {
    if (error instanceof AllocationError) return error;
    throw error;
  }
  throw new Error('expected an AllocationError');
}

describe('ServiceIPAllocator', () => {
  it.each([
    ['10.96.0.0/28', 1, ['10.96.0.2']],
    ['10.96.0.0/28', 3, ['10.96.0.2', '10.96.0.3', '10.96.0.4']],
    // the 10th address is the DNS Service's: skipped
    ['10.96.0.0/28', 9, ['10.96.0.2', '10.96.0.3', '10.96.0.4', '10.96.0.5', '10.96.0.6', '10.96.0.7', '10.96.0.8', '10.96.0.9', '10.96.0.11']],
    ['10.100.7.0/24', 2, ['10.100.7.2', '10.100.7.3']],
    ['10.96.0.0/12', 2, ['10.96.0.2', '10.96.0.3']],
    ['10.96.255.0/24', 1, ['10.96.255.2']],
  ])('in %s, %i dynamic allocations give %j', (cidr, count, expected) => {
    const ips = allocator(cidr);
    expect(Array.from({ length: count }, () => ips.allocateNext())).toEqual(expected);
  });

  it.each([
    ['the kubernetes Service address', '10.96.0.1'],
    ['the DNS Service address', '10.96.0.10'],
    ['the last usable address', '10.96.0.14'],
    ['an address in the middle', '10.96.0.7'],
  ])('hands out %s when asked for it by value', (_, ip) => {
    const ips = allocator();
    ips.allocate(ip);
    expect(ips.has(ip)).toBe(true);
  });

  it.each([
    ['the network address', '10.96.0.0'],
    ['the broadcast address', '10.96.0.15'],
    ['an address past the range', '10.96.0.16'],
    ['another network', '10.0.0.1'],
    ['an IPv6 address', 'fd00::1'],
  ])('refuses %s as not in the range, with Kubernetes\' text', (_, ip) => {
    const error = refusal(() => allocator().allocate(ip));
    expect(error.reason).toBe('not-in-range');
    expect(error.message).toBe(`the provided IP (${ip}) is not in the valid range. The range of valid IPs is 10.96.0.0/28`);
  });

  it('refuses an address that is taken, whoever took it', () => {
    const ips = allocator();
    ips.allocate('10.96.0.5');
    expect(refusal(() => ips.allocate('10.96.0.5')).message).toBe('provided IP is already allocated');
    const next = ips.allocateNext();
    expect(refusal(() => ips.allocate(next)).reason).toBe('allocated');
  });

  it('skips addresses taken by value when it allocates', () => {
    const ips = allocator();
    ips.allocate('10.96.0.2');
    ips.allocate('10.96.0.3');
    expect(ips.allocateNext()).toBe('10.96.0.4');
  });

  it('is full after the 12 dynamic addresses of a /28, and says so', () => {
    const ips = allocator();
    const all = Array.from({ length: 12 }, () => ips.allocateNext());
    expect(new Set(all).size).toBe(12);
    expect(all).not.toContain('10.96.0.1');
    expect(all).not.toContain('10.96.0.10');
    const error = refusal(() => ips.allocateNext());
    expect([error.reason, error.message]).toEqual(['full', 'range is full']);
    // the reserved addresses are still there for the Services they belong to
    ips.allocate('10.96.0.1');
    ips.allocate('10.96.0.10');
    expect(ips.used).toBe(14);
  });

  it('gives a released address out again, lowest first', () => {
    const ips = allocator();
    for (let i = 0; i < 5; i++) ips.allocateNext();
    ips.release('10.96.0.4');
    ips.release('10.96.0.3');
    expect([ips.allocateNext(), ips.allocateNext(), ips.allocateNext()]).toEqual(['10.96.0.3', '10.96.0.4', '10.96.0.7']);
  });

  it('takes a release of an address it never handed out as a no-op', () => {
    const ips = allocator();
    ips.release('10.96.0.5');
    ips.release('192.168.0.1');
    ips.release('not an ip');
    expect(ips.used).toBe(0);
  });
});
