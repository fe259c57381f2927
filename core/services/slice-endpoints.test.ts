import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types/meta.ts';
import type { ServicePortInfo } from '../contracts/discovery.ts';
import { endpointConditions, endpointsFromSlices } from './slice-endpoints.ts';

const httpPorts: ServicePortInfo[] = [
  { name: 'http', port: 80, protocol: 'TCP', nodePort: 0 },
  { name: 'dns', port: 53, protocol: 'UDP', nodePort: 0 },
];

function slice(name: string, endpoints: unknown[], ports: unknown[] = [{ name: 'http', port: 8080, protocol: 'TCP' }], addressType = 'IPv4'): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType,
    endpoints,
    ports,
  };
}

describe('endpointConditions', () => {
  it.each([
    ['all absent: ready and serving, not terminating', undefined, { ready: true, serving: true, terminating: false }],
    ['empty object', {}, { ready: true, serving: true, terminating: false }],
    ['not ready', { ready: false }, { ready: false, serving: true, terminating: false }],
    ['terminating but serving', { ready: false, serving: true, terminating: true }, { ready: false, serving: true, terminating: true }],
    ['terminating, not serving', { ready: false, serving: false, terminating: true }, { ready: false, serving: false, terminating: true }],
    ['explicit nulls read as absent', { ready: null, serving: null, terminating: null }, { ready: true, serving: true, terminating: false }],
  ])('%s', (_name, raw, expected) => {
    expect(endpointConditions(raw)).toEqual(expected);
  });
});

interface Row {
  name: string;
  slices: KubeObject[];
  /** ip → [ready, serving, terminating, ports] */
  expected: Record<string, [boolean, boolean, boolean, Record<string, number>]>;
}

const rows: Row[] = [
  {
    name: 'one slice, slice port mapped to the Service port by name',
    slices: [slice('a', [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'], conditions: { ready: false } }])],
    expected: { '10.0.0.1': [true, true, false, { http: 8080 }], '10.0.0.2': [false, true, false, { http: 8080 }] },
  },
  {
    name: 'named targetPorts differ per slice: each endpoint keeps its own port',
    slices: [
      slice('a', [{ addresses: ['10.0.0.1'] }], [{ name: 'http', port: 8080, protocol: 'TCP' }]),
      slice('b', [{ addresses: ['10.0.0.2'] }], [{ name: 'http', port: 9090, protocol: 'TCP' }]),
    ],
    expected: { '10.0.0.1': [true, true, false, { http: 8080 }], '10.0.0.2': [true, true, false, { http: 9090 }] },
  },
  {
    name: 'duplicate IP across slices: the ready one wins, whatever the slice order',
    slices: [
      slice('a', [{ addresses: ['10.0.0.1'], conditions: { ready: false } }]),
      slice('b', [{ addresses: ['10.0.0.1'], conditions: { ready: true } }], [{ name: 'http', port: 7070, protocol: 'TCP' }]),
    ],
    expected: { '10.0.0.1': [true, true, false, { http: 7070 }] },
  },
  {
    name: 'duplicate IP: the ready one wins when listed first too',
    slices: [
      slice('b', [{ addresses: ['10.0.0.1'], conditions: { ready: false } }], [{ name: 'http', port: 7070, protocol: 'TCP' }]),
      slice('a', [{ addresses: ['10.0.0.1'], conditions: { ready: true } }]),
    ],
    expected: { '10.0.0.1': [true, true, false, { http: 8080 }] },
  },
  {
    name: 'duplicate IP: a running pod beats a terminating one (reused pod IP)',
    slices: [
      slice('a', [{ addresses: ['10.0.0.1'], conditions: { ready: false, serving: true, terminating: true } }]),
      slice('b', [{ addresses: ['10.0.0.1'], conditions: { ready: false, serving: false } }]),
    ],
    expected: { '10.0.0.1': [false, false, false, { http: 8080 }] },
  },
  {
    name: 'FQDN slices are ignored, IPv6 ones kept',
    slices: [slice('a', [{ addresses: ['db.example.com'] }], undefined, 'FQDN'), slice('b', [{ addresses: ['fd00::1'] }], undefined, 'IPv6')],
    expected: { 'fd00::1': [true, true, false, { http: 8080 }] },
  },
  {
    name: 'endpoints without addresses are skipped; only the first address counts',
    slices: [slice('a', [{ addresses: [] }, {}, { addresses: ['10.0.0.3', '10.0.0.4'] }])],
    expected: { '10.0.0.3': [true, true, false, { http: 8080 }] },
  },
  {
    name: 'slice ports with no number, an unknown name or another protocol are dropped',
    slices: [
      slice(
        'a',
        [{ addresses: ['10.0.0.1'] }],
        [
          { name: 'http', protocol: 'TCP' },
          { name: 'metrics', port: 9100, protocol: 'TCP' },
          { name: 'dns', port: 5353, protocol: 'TCP' },
          { name: 'dns', port: 53, protocol: 'UDP' },
        ],
      ),
    ],
    expected: { '10.0.0.1': [true, true, false, { dns: 53 }] },
  },
  { name: 'no slices, no endpoints', slices: [], expected: {} },
];

describe('endpointsFromSlices', () => {
  it.each(rows)('$name', ({ slices, expected }) => {
    const endpoints = endpointsFromSlices(httpPorts, slices);
    const actual = Object.fromEntries(endpoints.map((e) => [e.ip, [e.ready, e.serving, e.terminating, Object.fromEntries(e.ports)]]));
    expect(actual).toEqual(expected);
  });

  it('orders endpoints by IP numerically and reads nodeName, targetRef pod and hostname', () => {
    const endpoints = endpointsFromSlices(httpPorts, [
      slice('a', [
        { addresses: ['10.0.0.10'], nodeName: 'node-b', targetRef: { kind: 'Pod', name: 'web-2', namespace: 'default' } },
        { addresses: ['10.0.0.9'], nodeName: 'node-a', hostname: 'web-0', targetRef: { kind: 'Pod', name: 'web-0' } },
        { addresses: ['10.0.0.11'], targetRef: { kind: 'Node', name: 'n1' } },
      ]),
    ]);
    expect(endpoints.map((e) => [e.ip, e.nodeName, e.podName, e.hostname])).toEqual([
      ['10.0.0.9', 'node-a', 'web-0', 'web-0'],
      ['10.0.0.10', 'node-b', 'web-2', undefined],
      ['10.0.0.11', undefined, undefined, undefined],
    ]);
  });

  it('maps the unnamed port of a single-port Service', () => {
    const [endpoint] = endpointsFromSlices([{ name: '', port: 80, protocol: 'TCP', nodePort: 0 }], [slice('a', [{ addresses: ['10.0.0.1'] }], [{ name: '', port: 8080, protocol: 'TCP' }])]);
    expect(endpoint?.ports.get('')).toBe(8080);
  });
});
