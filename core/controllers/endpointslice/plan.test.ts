import { describe, expect, it } from 'vitest';
import { ANNOTATION_LAST_CHANGE_TRIGGER_TIME, type EndpointSlice } from './objects.ts';
import type { NodeInfo } from './pod-endpoint.ts';
import { isEmptyPlan, planEndpointSlices, type SlicePlan, type SlicePlanInput } from './plan.ts';
import { sliceToFill } from './port-mapping.ts';
import type { PodView } from './pod-view.ts';
import type { ServiceView } from './service-view.ts';
import { pod, readyPods, service } from './test-fixtures.ts';

const anyNode = (): NodeInfo => ({ zone: undefined });
let serial = 0;

function plan(svc: ServiceView, pods: PodView[], existing: EndpointSlice[] = [], extra: Partial<SlicePlanInput> = {}): SlicePlan {
  return planEndpointSlices({ service: svc, pods, existing, node: anyNode, ...extra });
}

/** What the API server makes of a plan: names for creations, new generations, deleted slices gone. */
function store(existing: EndpointSlice[], result: SlicePlan): EndpointSlice[] {
  const gone = new Set(result.delete.map((s) => s.metadata.name));
  const updated = new Map(result.update.map((s) => [s.metadata.name, s]));
  const kept = existing
    .filter((s) => !gone.has(s.metadata.name))
    .map((s) => {
      const next = updated.get(s.metadata.name);
      return next === undefined ? s : { ...structuredClone(next), metadata: { ...next.metadata, generation: (s.metadata.generation ?? 1) + 1 } };
    });
  const created = result.create.map((s) => {
    serial++;
    const { generateName, ...meta } = s.metadata;
    return { ...structuredClone(s), metadata: { ...meta, name: `${generateName ?? ''}${serial}`, uid: `slice-${serial}`, generation: 1, resourceVersion: String(serial) } };
  });
  return [...kept, ...created];
}

/** Plans and stores until nothing changes: the state a controller settles in. */
function settle(svc: ServiceView, pods: PodView[], existing: EndpointSlice[] = [], extra: Partial<SlicePlanInput> = {}): EndpointSlice[] {
  let slices = existing;
  for (let i = 0; i < 5; i++) {
    const result = plan(svc, pods, slices, extra);
    if (isEmptyPlan(result)) return slices;
    slices = store(slices, result);
  }
  throw new Error('the plan never settles');
}

const addresses = (slice: EndpointSlice | undefined): string[] => (slice?.endpoints ?? []).flatMap((e) => e.addresses).sort();
const counts = (slices: EndpointSlice[]): number[] => slices.map((s) => s.endpoints.length).sort((a, b) => b - a);

describe('planEndpointSlices for a new Service', () => {
  it('creates one slice with every ready pod, labelled for the Service and owned by it', () => {
    const result = plan(service(), readyPods(3, { ports: [] }));
    expect(result.update).toEqual([]);
    expect(result.delete).toEqual([]);
    expect(result.create).toHaveLength(1);
    const slice = result.create[0];
    expect(slice?.metadata).toMatchObject({
      generateName: 'web-',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
    });
    expect(slice?.addressType).toBe('IPv4');
    expect(slice?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(addresses(slice)).toEqual(['10.0.1.1', '10.0.1.2', '10.0.1.3']);
    expect(slice?.endpoints.every((e) => e.conditions?.ready === true)).toBe(true);
  });

  it('marks a headless Service slice with the headless label and mirrors the Service labels', () => {
    const slice = plan(service({ clusterIP: 'None', labels: { tier: 'db' } }), readyPods(1)).create[0];
    expect(slice?.metadata.labels).toEqual({
      tier: 'db',
      'service.kubernetes.io/headless': '',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
  });

  it('leaves out pods without an IP and finished pods, and keeps terminating ones as terminating', () => {
    const pods = [pod({ name: 'a', ip: '10.0.0.1' }), pod({ name: 'b', ip: null }), pod({ name: 'c', ip: '10.0.0.3', phase: 'Succeeded' }), pod({ name: 'd', ip: '10.0.0.4', phase: 'Failed' }), pod({ name: 'e', ip: '10.0.0.5', deleting: true })];
    const slice = plan(service(), pods).create[0];
    expect(slice?.endpoints.map((e) => [e.addresses[0], e.conditions])).toEqual([
      ['10.0.0.1', { ready: true, serving: true, terminating: false }],
      ['10.0.0.5', { ready: false, serving: true, terminating: true }],
    ]);
  });

  it('makes an empty placeholder slice for a Service without endpoints', () => {
    const result = plan(service(), []);
    expect(result.create).toHaveLength(1);
    expect(result.create[0]?.endpoints).toEqual([]);
    expect(result.create[0]?.ports).toEqual([]);
  });

  it('puts at most maxEndpointsPerSlice endpoints in a slice', () => {
    expect(counts(settle(service(), readyPods(250)))).toEqual([100, 100, 50]);
    expect(counts(settle(service(), readyPods(7), [], { maxEndpointsPerSlice: 3 }))).toEqual([3, 3, 1]);
  });

  it('stamps the last-change-trigger-time annotation', () => {
    const slice = plan(service(), readyPods(1), [], { triggerTimeMs: Date.parse('2024-05-01T10:00:00.250Z') }).create[0];
    expect(slice?.metadata.annotations?.[ANNOTATION_LAST_CHANGE_TRIGGER_TIME]).toBe('2024-05-01T10:00:00.25Z');
  });
});

describe('planEndpointSlices grouping by ports', () => {
  const svc = service({ ports: [{ name: 'http', port: 80, targetPort: 'http' }] });

  it('groups pods whose named targetPort resolves to different numbers into different slices', () => {
    const pods = [pod({ name: 'a', ports: [{ name: 'http', containerPort: 8080 }] }), pod({ name: 'b', ports: [{ name: 'http', containerPort: 8080 }] }), pod({ name: 'c', ports: [{ name: 'http', containerPort: 9090 }] })];
    const slices = plan(svc, pods).create;
    expect(slices.map((s) => [s.ports, s.endpoints.map((e) => e.targetRef?.name)])).toEqual([
      [[{ name: 'http', port: 8080, protocol: 'TCP' }], ['a', 'b']],
      [[{ name: 'http', port: 9090, protocol: 'TCP' }], ['c']],
    ]);
  });

  it('puts a pod lacking a named port in a slice without that port', () => {
    const two = service({ ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9000, targetPort: 'metrics' }] });
    const pods = [pod({ name: 'a', ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9100 }] }), pod({ name: 'b', ports: [{ name: 'http', containerPort: 8080 }] })];
    const slices = plan(two, pods).create;
    expect(slices.map((s) => [s.ports?.map((p) => p.name), s.endpoints.map((e) => e.targetRef?.name)])).toEqual([
      [['http', 'metrics'], ['a']],
      [['http'], ['b']],
    ]);
  });
});

describe('planEndpointSlices on later syncs', () => {
  const svc = service();

  it('writes nothing when the slices already say it all', () => {
    const slices = settle(svc, readyPods(3));
    expect(isEmptyPlan(plan(svc, readyPods(3), slices))).toBe(true);
    // A pod's resourceVersion is no part of its endpoint.
    expect(isEmptyPlan(plan(svc, readyPods(3, { resourceVersion: '99' }), slices))).toBe(true);
  });

  it('updates a readiness change in place, keeping the slice name', () => {
    const slices = settle(svc, readyPods(3));
    const pods = readyPods(3).map((p, i) => (i === 1 ? { ...p, ready: false } : p));
    const result = plan(svc, pods, slices);
    expect(result.create).toEqual([]);
    expect(result.delete).toEqual([]);
    expect(result.update.map((s) => s.metadata.name)).toEqual([slices[0]?.metadata.name]);
    expect(result.update[0]?.endpoints.map((e) => e.conditions?.ready)).toEqual([true, false, true]);
  });

  it('adds new pods to the existing slice rather than a new one', () => {
    const slices = settle(svc, readyPods(3));
    const result = plan(svc, readyPods(5), slices);
    expect(result.create).toEqual([]);
    expect(result.update).toHaveLength(1);
    expect(addresses(result.update[0])).toHaveLength(5);
  });

  it('keeps the slice, emptied, when the last pod goes, and keeps a placeholder as it is', () => {
    const slices = settle(svc, readyPods(2));
    const result = plan(svc, [], slices);
    expect(result.create).toEqual([]);
    expect(result.delete).toEqual([]);
    expect(result.update.map((s) => [s.metadata.name, s.endpoints, s.ports])).toEqual([[slices[0]?.metadata.name, [], []]]);
    const emptied = store(slices, result);
    expect(isEmptyPlan(plan(svc, [], emptied))).toBe(true);
  });

  it('updates the slices when the Service labels change', () => {
    const slices = settle(svc, readyPods(1));
    const result = plan(service({ labels: { team: 'a' } }), readyPods(1), slices);
    expect(result.update[0]?.metadata.labels?.['team']).toBe('a');
  });

  it('deletes slices of an earlier Service of the same name, reusing one for the new Service', () => {
    const old = settle(service({ uid: 'old' }), readyPods(2));
    const result = plan(service({ uid: 'new' }), readyPods(2), old);
    expect(result.delete.map((s) => s.metadata.name)).toEqual([old[0]?.metadata.name]);
    expect(result.create).toHaveLength(1);
    expect(result.create[0]?.metadata.ownerReferences?.[0]?.uid).toBe('new');
  });

  it('creates nothing for a Service being deleted', () => {
    expect(plan(service({ deleting: true }), readyPods(2)).create).toEqual([]);
  });

  it('drops slices of an address type the Service no longer has', () => {
    const v6 = settle(service({ ipFamilies: ['IPv6'], clusterIP: 'fd00::10' }), [pod({ name: 'a', ips: ['fd00::1'] })]);
    const result = plan(svc, readyPods(1), v6);
    expect(result.delete.map((s) => s.addressType)).toEqual(['IPv6']);
    expect(result.create.map((s) => s.addressType)).toEqual(['IPv4']);
  });
});

describe('planEndpointSlices and nodes', () => {
  it('leaves out and reports pods whose Node does not exist, unless not-ready addresses are published', () => {
    const node = (name: string): NodeInfo | undefined => (name === 'gone' ? undefined : { zone: 'z' });
    const pods = [pod({ name: 'a', ip: '10.0.0.1' }), pod({ name: 'b', ip: '10.0.0.2', node: 'gone' })];
    const result = plan(service(), pods, [], { node });
    expect(addresses(result.create[0])).toEqual(['10.0.0.1']);
    expect(result.skipped).toEqual(['skipping Pod b for Service default/web: Node gone Not Found']);
    expect(addresses(plan(service({ publishNotReadyAddresses: true }), pods, [], { node }).create[0])).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});

describe('sliceToFill', () => {
  const withCount = (name: string, n: number): EndpointSlice => ({ metadata: { name }, addressType: 'IPv4', endpoints: Array.from({ length: n }, () => ({ addresses: ['10.0.0.1'] })) });
  it.each([
    { sizes: [10, 50, 95], adding: 5, want: 's95' },
    { sizes: [10, 50, 96], adding: 5, want: 's50' },
    { sizes: [99], adding: 5, want: undefined },
    { sizes: [], adding: 1, want: undefined },
  ])('slices of $sizes, adding $adding: $want', ({ sizes, adding, want }) => {
    expect(sliceToFill(sizes.map((n) => withCount(`s${n}`, n)), adding, 100)?.metadata.name).toBe(want);
  });
});
