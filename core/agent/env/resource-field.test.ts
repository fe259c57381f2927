import { describe, expect, it } from 'vitest';
import type { Container } from './pod-parts.ts';
import type { PodRuntimeFacts } from './object-source.ts';
import { resourceFieldValue } from './resource-field.ts';

const facts: PodRuntimeFacts = {
  nodeName: 'n',
  hostIP: '',
  podIP: '',
  podIPs: [],
  nodeAllocatable: { cpuMillis: 3500, memoryBytes: 2 * 1024 ** 3, ephemeralStorageBytes: 10 * 1024 ** 3 },
};
const app: Container = {
  name: 'app',
  resources: {
    requests: { cpu: '250m', memory: '64Mi', 'ephemeral-storage': '1Gi' },
    limits: { cpu: '1500m', memory: '128Mi', 'ephemeral-storage': '2Gi' },
  },
};
const bare: Container = { name: 'bare' };
const zeroLimit: Container = { name: 'zero', resources: { limits: { cpu: '0', memory: 0 } } };

describe('resourceFieldValue', () => {
  it.each([
    ['limits.cpu', undefined, app, '2'], // 1.5 cores round up
    ['limits.cpu', '1m', app, '1500'],
    ['requests.cpu', undefined, app, '1'],
    ['requests.cpu', '1m', app, '250'],
    ['requests.cpu', '100m', app, '3'],
    ['limits.memory', undefined, app, String(128 * 1024 ** 2)],
    ['limits.memory', '1Mi', app, '128'],
    ['limits.memory', '1M', app, '135'], // 134.2 MB rounds up
    ['requests.memory', '1Mi', app, '64'],
    ['limits.ephemeral-storage', '1Gi', app, '2'],
    ['requests.ephemeral-storage', '1Gi', app, '1'],
    ['limits.cpu', '0', app, '2'], // a zero divisor means 1
    ['limits.cpu', undefined, bare, '4'], // node allocatable 3500m
    ['limits.cpu', '1m', bare, '3500'],
    ['limits.memory', '1Mi', bare, '2048'],
    ['limits.ephemeral-storage', '1Gi', bare, '10'],
    ['requests.cpu', undefined, bare, '0'],
    ['requests.memory', undefined, bare, '0'],
    ['limits.cpu', '1m', zeroLimit, '3500'], // a zero limit counts as unset
    ['limits.memory', '1Mi', zeroLimit, '2048'],
  ])('%s / %s of %s → %s', (resource, divisor, container, expected) => {
    expect(resourceFieldValue({ resource, divisor }, [app, bare, zeroLimit], container, facts)).toBe(expected);
  });

  it('reads the container the selector names', () => {
    expect(resourceFieldValue({ containerName: 'app', resource: 'limits.memory', divisor: '1Mi' }, [app, bare], bare, facts)).toBe('128');
  });

  it('keeps a missing ephemeral-storage limit at 0 when the node reports no allocatable storage', () => {
    const noStorage = { ...facts, nodeAllocatable: { cpuMillis: 1000, memoryBytes: 1024 } };
    expect(resourceFieldValue({ resource: 'limits.ephemeral-storage' }, [], bare, noStorage)).toBe('0');
  });

  it.each([
    [{ containerName: 'ghost', resource: 'limits.cpu' }, 'container ghost not found'],
    [{ resource: 'limits.gpu' }, 'unsupported container resource : limits.gpu'],
  ])('%j fails with %s', (selector, message) => {
    expect(() => resourceFieldValue(selector, [app], app, facts)).toThrow(message);
  });
});
