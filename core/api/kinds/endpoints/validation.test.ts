import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultEndpoints } from './defaults.ts';
import { validateEndpoints, validateEndpointsUpdate } from './validation.ts';

function endpoints(subsets: unknown, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'my-service', namespace: 'default', ...meta }, subsets };
}

/** The manually managed Endpoints from the "Service without selectors" docs. */
const manual = [{ addresses: [{ ip: '192.0.2.42' }], ports: [{ port: 9376 }] }];

/** What the endpoints controller writes for a two-port Service. */
const controllerMade = [
  {
    addresses: [
      { ip: '10.244.1.5', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'a1' } },
      { ip: 'fd00:10:244::5', hostname: 'web-1', nodeName: 'node-2' },
    ],
    notReadyAddresses: [{ ip: '10.244.2.9', nodeName: 'node-2' }],
    ports: [
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9090, protocol: 'TCP', appProtocol: 'http' },
    ],
  },
];

describe('defaultEndpoints', () => {
  it('defaults port protocols to TCP', () => {
    const obj = endpoints([{ addresses: [{ ip: '192.0.2.42' }], ports: [{ port: 9376 }, { port: 53, protocol: 'UDP' }] }]);
    defaultEndpoints(obj);
    expect(obj['subsets']).toEqual([{ addresses: [{ ip: '192.0.2.42' }], ports: [{ port: 9376, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }]);
  });

  it('ignores malformed subsets', () => {
    const obj = endpoints('nope');
    defaultEndpoints(obj);
    expect(obj['subsets']).toBe('nope');
  });
});

describe('validateEndpoints', () => {
  it.each([
    ['the docs example', endpoints(manual)],
    ['controller-made endpoints', endpoints(controllerMade)],
    ['headless endpoints without ports', endpoints([{ addresses: [{ ip: '10.244.1.5' }] }])],
    ['no subsets', endpoints(undefined)],
  ])('accepts %s', (_, obj) => {
    defaultEndpoints(obj);
    expect(validateEndpoints(obj)).toEqual([]);
  });

  it.each([
    ['a subset without addresses', [{ ports: [{ port: 80 }] }], 'FieldValueRequired', 'subsets[0]'],
    ['a loopback address', [{ addresses: [{ ip: '127.0.0.1' }] }], 'FieldValueInvalid', 'subsets[0].addresses[0].ip'],
    ['a link-local address', [{ notReadyAddresses: [{ ip: '169.254.169.254' }] }], 'FieldValueInvalid', 'subsets[0].notReadyAddresses[0].ip'],
    ['a bad hostname', [{ addresses: [{ ip: '10.0.0.1', hostname: 'Web_1' }] }], 'FieldValueInvalid', 'subsets[0].addresses[0].hostname'],
    ['a bad nodeName', [{ addresses: [{ ip: '10.0.0.1', nodeName: 'Node 1' }] }], 'FieldValueInvalid', 'subsets[0].addresses[0].nodeName'],
    ['an unnamed port among two', [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }, { name: 'b', port: 81 }] }], 'FieldValueRequired', 'subsets[0].ports[0].name'],
    ['port 0', [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 0 }] }], 'FieldValueInvalid', 'subsets[0].ports[0].port'],
    ['an unknown protocol', [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'HTTP' }] }], 'FieldValueNotSupported', 'subsets[0].ports[0].protocol'],
    ['a port as text', [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: '80' }] }], 'FieldValueTypeInvalid', 'subsets[0].ports[0].port'],
    ['subsets as an object', { addresses: [] }, 'FieldValueTypeInvalid', 'subsets'],
  ])('rejects %s', (_, subsets, type, field) => {
    const obj = endpoints(subsets);
    defaultEndpoints(obj);
    expect(summary(validateEndpoints(obj))).toEqual([[type, field]]);
  });

  it('reports a malformed IP as Kubernetes does, twice', () => {
    const errs = validateEndpoints(endpoints([{ addresses: [{ ip: '10.0.0.256' }] }]));
    expect(errs.map((e) => e.message)).toEqual([
      'Invalid value: "10.0.0.256": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'Invalid value: "10.0.0.256": must be a valid IP address',
    ]);
  });
});

describe('validateEndpointsUpdate', () => {
  const meta = { resourceVersion: '2', uid: 'u' };

  it('lets an address move to another node', () => {
    const next = endpoints([{ addresses: [{ ip: '10.244.1.5', nodeName: 'node-2' }] }], meta);
    const stored = endpoints([{ addresses: [{ ip: '10.244.1.5', nodeName: 'node-1' }] }], meta);
    expect(validateEndpointsUpdate(next, stored)).toEqual([]);
  });

  it('still validates subsets', () => {
    const next = endpoints([{ addresses: [{ ip: '0.0.0.0' }] }], meta);
    expect(summary(validateEndpointsUpdate(next, endpoints(manual, meta)))).toEqual([['FieldValueInvalid', 'subsets[0].addresses[0].ip']]);
  });
});
