import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { pod, readyPods, service } from '../endpointslice/test-fixtures.ts';
import { planEndpoints, type EndpointsPlan } from './plan.ts';
import { subsetsOf } from './subsets.ts';
import { truncateSubsets } from './truncate.ts';

function written(plan: EndpointsPlan): KubeObject {
  if (plan.action === 'none') throw new Error('expected a write');
  return plan.endpoints;
}

const ips = (list: { ip: string }[] | undefined): string[] => (list ?? []).map((a) => a.ip);

describe('planEndpoints', () => {
  it('creates the Endpoints of the Service name with ready pods as addresses', () => {
    const plan = planEndpoints({ service: service(), pods: readyPods(3), current: undefined });
    expect(plan.action).toBe('create');
    const endpoints = written(plan);
    expect(endpoints.metadata).toMatchObject({ name: 'web', namespace: 'default', labels: {} });
    expect(subsetsOf(endpoints)).toEqual([
      {
        addresses: ['10.0.1.1', '10.0.1.2', '10.0.1.3'].map((ip, i) => ({
          ip,
          nodeName: 'node-a',
          targetRef: { kind: 'Pod', namespace: 'default', name: `p00${i}`, uid: `uid-p00${i}` },
        })),
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it.each([
    { what: 'an unready pod is a not-ready address', shape: { ready: false }, publish: false, ready: [], notReady: ['10.0.0.9'] },
    { what: 'a terminating pod is left out', shape: { deleting: true }, publish: false, ready: [], notReady: [] },
    { what: 'a pod without an IP is left out', shape: { ip: null }, publish: false, ready: [], notReady: [] },
    { what: 'a finished pod is left out', shape: { phase: 'Failed' }, publish: false, ready: [], notReady: [] },
    { what: 'with publishNotReadyAddresses an unready pod is ready', shape: { ready: false }, publish: true, ready: ['10.0.0.9'], notReady: [] },
    { what: 'with publishNotReadyAddresses a terminating pod stays', shape: { deleting: true }, publish: true, ready: ['10.0.0.9'], notReady: [] },
  ])('$what', ({ shape, publish, ready, notReady }) => {
    const endpoints = written(planEndpoints({ service: service({ publishNotReadyAddresses: publish }), pods: [pod({ name: 'x', ip: '10.0.0.9', ...shape })], current: undefined }));
    const subsets = subsetsOf(endpoints);
    expect(subsets.flatMap((s) => ips(s.addresses))).toEqual(ready);
    expect(subsets.flatMap((s) => ips(s.notReadyAddresses))).toEqual(notReady);
  });

  it('gives pods whose named port resolves differently subsets of their own', () => {
    const svc = service({ ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
    const pods = [pod({ name: 'a', ip: '10.0.0.1', ports: [{ name: 'http', containerPort: 8080 }] }), pod({ name: 'b', ip: '10.0.0.2', ports: [{ name: 'http', containerPort: 9090 }] }), pod({ name: 'c', ip: '10.0.0.3' })];
    const subsets = subsetsOf(written(planEndpoints({ service: svc, pods, current: undefined })));
    expect(subsets.map((s) => [ips(s.addresses), s.ports?.map((p) => p.port)])).toEqual([
      [['10.0.0.1'], [8080]],
      [['10.0.0.2'], [9090]],
    ]);
  });

  it('writes nothing when the stored Endpoints already match, and updates when a pod turns unready', () => {
    const svc = service({ labels: { team: 'a' } });
    const stored = { ...written(planEndpoints({ service: svc, pods: readyPods(2), current: undefined })), metadata: { name: 'web', namespace: 'default', resourceVersion: '5', labels: { team: 'a' } } };
    expect(planEndpoints({ service: svc, pods: readyPods(2), current: stored })).toEqual({ action: 'none' });
    const pods = readyPods(2).map((p, i) => (i === 0 ? { ...p, ready: false } : p));
    const update = planEndpoints({ service: svc, pods, current: stored });
    expect(update.action).toBe('update');
    expect(written(update).metadata.resourceVersion).toBe('5');
    expect(subsetsOf(written(update)).map((s) => [ips(s.addresses), ips(s.notReadyAddresses)])).toEqual([[['10.0.1.2'], ['10.0.1.1']]]);
  });

  it('mirrors the Service labels, adds the headless label to a headless Service, and keeps ports-less addresses', () => {
    const svc = service({ clusterIP: 'None', ports: [], labels: { team: 'a' } });
    const endpoints = written(planEndpoints({ service: svc, pods: readyPods(1), current: undefined }));
    expect(endpoints.metadata.labels).toEqual({ team: 'a', 'service.kubernetes.io/headless': '' });
    expect(subsetsOf(endpoints).map((s) => [ips(s.addresses), s.ports])).toEqual([[['10.0.1.1'], undefined]]);
  });

  it('updates Endpoints whose labels no longer match the Service', () => {
    const stored = { ...written(planEndpoints({ service: service(), pods: readyPods(1), current: undefined })), metadata: { name: 'web', namespace: 'default', labels: { old: 'x' } } };
    expect(written(planEndpoints({ service: service(), pods: readyPods(1), current: stored })).metadata.labels).toEqual({});
  });

  it('sets the trigger time annotation and drops it when there is none', () => {
    const endpoints = written(planEndpoints({ service: service(), pods: readyPods(1), current: undefined, triggerTimeMs: Date.parse('2024-01-01T00:00:01Z') }));
    expect(endpoints.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2024-01-01T00:00:01Z' });
    const again = written(planEndpoints({ service: service(), pods: readyPods(2), current: endpoints }));
    expect(again.metadata.annotations).toBeUndefined();
  });

  it('truncates past 1000 addresses and marks the object', () => {
    const endpoints = written(planEndpoints({ service: service(), pods: readyPods(1001), current: undefined }));
    expect(subsetsOf(endpoints).reduce((n, s) => n + (s.addresses?.length ?? 0), 0)).toBe(1000);
    expect(endpoints.metadata.annotations?.['endpoints.kubernetes.io/over-capacity']).toBe('truncated');
  });
});

describe('truncateSubsets', () => {
  const addresses = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ ip: `${prefix}.${i}` }));
  it.each([
    { ready: [3, 1], notReady: [2, 2], max: 10, want: undefined },
    { ready: [3, 1], notReady: [4, 4], max: 8, want: [[3, 2], [1, 2]] },
    { ready: [6, 6], notReady: [1, 1], max: 8, want: [[4, 0], [4, 0]] },
  ])('ready $ready, not ready $notReady, at most $max: $want', ({ ready, notReady, max, want }) => {
    const subsets = ready.map((r, i) => ({ addresses: addresses(r, `10.${i}`), notReadyAddresses: addresses(notReady[i] ?? 0, `11.${i}`) }));
    const result = truncateSubsets(subsets, max);
    expect(result?.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0])).toEqual(want);
  });
});
