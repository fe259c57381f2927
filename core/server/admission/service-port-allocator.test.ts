import { describe, expect, it } from 'vitest';
import { AllocationError } from './service-allocation-error.ts';
import { NodePortAllocator } from './service-port-allocator.ts';

function refusal(run: () => unknown): AllocationError {
  try {
    run();
  } catch (error) {
    if (error instanceof AllocationError) return error;
    throw error;
  }
  throw new Error('expected an AllocationError');
}

describe('NodePortAllocator', () => {
  it.each([
    [{ first: 30000, last: 32767 }, 3, [30000, 30001, 30002]],
    [{ first: 20000, last: 20001 }, 2, [20000, 20001]],
    [{ first: 1, last: 65535 }, 1, [1]],
  ])('in %j, %i allocations give %j', (range, count, expected) => {
    const ports = new NodePortAllocator(range);
    expect(Array.from({ length: count }, () => ports.allocateNext())).toEqual(expected);
  });

  it.each([
    [80, '30000-32767'],
    [29999, '30000-32767'],
    [32768, '30000-32767'],
    [0, '30000-32767'],
  ])('refuses port %i outside %s with Kubernetes\' text', (port, text) => {
    const [first = 0, last = 0] = text.split('-').map(Number);
    const error = refusal(() => new NodePortAllocator({ first, last }).allocate(port));
    expect(error.message).toBe(`provided port is not in the valid range. The range of valid ports is ${text}`);
  });

  it('refuses a taken port and skips it when allocating', () => {
    const ports = new NodePortAllocator({ first: 30000, last: 30010 });
    ports.allocate(30000);
    expect(refusal(() => ports.allocate(30000)).message).toBe('provided port is already allocated');
    expect(ports.allocateNext()).toBe(30001);
  });

  it('is full once every port is taken, and free again after a release', () => {
    const ports = new NodePortAllocator({ first: 30000, last: 30002 });
    ports.allocate(30001);
    expect([ports.allocateNext(), ports.allocateNext()]).toEqual([30000, 30002]);
    expect(refusal(() => ports.allocateNext()).message).toBe('range is full');
    ports.release(30001);
    expect(ports.has(30001)).toBe(false);
    expect(ports.allocateNext()).toBe(30001);
  });
});
