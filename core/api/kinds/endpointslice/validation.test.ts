import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultEndpointSlice } from './defaults.ts';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './validation.ts';

function slice(body: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'example-abc', namespace: 'default', labels: { 'kubernetes.io/service-name': 'example' }, ...meta },
    ...body,
  };
}

/** The EndpointSlice from the Kubernetes "EndpointSlices" concept page. */
const docsSlice = {
  addressType: 'IPv4',
  ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
  endpoints: [
    {
      addresses: ['10.1.2.3'],
      conditions: { ready: true },
      hostname: 'pod-1',
      nodeName: 'node-1',
      zone: 'us-west2-a',
    },
  ],
};

describe('defaultEndpointSlice', () => {
  it('names unnamed ports "" and makes them TCP', () => {
    const obj = slice({ addressType: 'IPv4', ports: [{ port: 80 }, { name: 'dns', protocol: 'UDP', port: 53 }] });
    defaultEndpointSlice(obj);
    expect(obj['ports']).toEqual([
      { name: '', protocol: 'TCP', port: 80 },
      { name: 'dns', protocol: 'UDP', port: 53 },
    ]);
  });
});

describe('validateEndpointSlice', () => {
  it.each([
    ['the docs slice', slice(docsSlice)],
    ['an IPv6 slice', slice({ addressType: 'IPv6', endpoints: [{ addresses: ['fd00:10:244::5'] }], ports: [{ port: 80 }] })],
    ['an FQDN slice', slice({ addressType: 'FQDN', endpoints: [{ addresses: ['db.example.com.'] }] })],
    ['an empty slice', slice({ addressType: 'IPv4', endpoints: [], ports: [] })],
    ['1000 endpoints', slice({ addressType: 'IPv4', endpoints: Array.from({ length: 1000 }, () => ({ addresses: ['10.0.0.1'] })) })],
  ])('accepts %s', (_, obj) => {
    defaultEndpointSlice(obj);
    expect(validateEndpointSlice(obj)).toEqual([]);
  });

  it.each([
    ['no addressType', slice({ endpoints: [] }), 'FieldValueRequired', 'addressType'],
    ['the deprecated IP type', slice({ addressType: 'IP' }), 'FieldValueNotSupported', 'addressType'],
    ['an endpoint without addresses', slice({ addressType: 'IPv4', endpoints: [{ addresses: [] }] }), 'FieldValueRequired', 'endpoints[0].addresses'],
    ['101 addresses', slice({ addressType: 'IPv4', endpoints: [{ addresses: Array.from({ length: 101 }, () => '10.0.0.1') }] }), 'FieldValueTooMany', 'endpoints[0].addresses'],
    ['1001 endpoints', slice({ addressType: 'IPv4', endpoints: Array.from({ length: 1001 }, () => ({ addresses: ['10.0.0.1'] })) }), 'FieldValueTooMany', 'endpoints'],
    ['an IPv6 address in an IPv4 slice', slice({ addressType: 'IPv4', endpoints: [{ addresses: ['fd00::1'] }] }), 'FieldValueInvalid', 'endpoints[0].addresses[0]'],
    ['a one-label FQDN', slice({ addressType: 'FQDN', endpoints: [{ addresses: ['localhost'] }] }), 'FieldValueInvalid', 'endpoints[0].addresses[0]'],
    ['a bad hostname', slice({ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], hostname: 'Pod_1' }] }), 'FieldValueInvalid', 'endpoints[0].hostname'],
    ['a bad nodeName', slice({ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], nodeName: 'Node 1' }] }), 'FieldValueInvalid', 'endpoints[0].nodeName'],
    ['a duplicate port name', slice({ addressType: 'IPv4', ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }), 'FieldValueDuplicate', 'ports[1].name'],
    ['two unnamed ports', slice({ addressType: 'IPv4', ports: [{ port: 80 }, { port: 81 }] }), 'FieldValueDuplicate', 'ports[1].name'],
    ['a bad port name', slice({ addressType: 'IPv4', ports: [{ name: 'HTTP', port: 80 }] }), 'FieldValueInvalid', 'ports[0].name'],
    ['an unknown protocol', slice({ addressType: 'IPv4', ports: [{ name: 'a', protocol: 'ICMP' }] }), 'FieldValueNotSupported', 'ports[0].protocol'],
    ['ready as text', slice({ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: 'true' } }] }), 'FieldValueTypeInvalid', 'endpoints[0].conditions.ready'],
    ['addresses as text', slice({ addressType: 'IPv4', endpoints: [{ addresses: '10.0.0.1' }] }), 'FieldValueTypeInvalid', 'endpoints[0].addresses'],
  ])('rejects %s', (_, obj, type, field) => {
    defaultEndpointSlice(obj);
    expect(summary(validateEndpointSlice(obj))).toEqual([[type, field]]);
  });

  it('lists the supported address types as Kubernetes does', () => {
    const [err] = validateEndpointSlice(slice({ addressType: 'ipv4' }));
    expect(err?.message).toBe('Unsupported value: "ipv4": supported values: "FQDN", "IPv4", "IPv6"');
  });
});

describe('validateEndpointSliceUpdate', () => {
  const meta = { resourceVersion: '9', uid: 'u' };

  it('accepts new endpoints', () => {
    const next = slice({ ...docsSlice, endpoints: [{ addresses: ['10.1.2.4'] }] }, meta);
    expect(validateEndpointSliceUpdate(next, slice(docsSlice, meta))).toEqual([]);
  });

  it('keeps accepting a stored deprecated IP slice', () => {
    const stored = slice({ addressType: 'IP', endpoints: [{ addresses: ['10.0.0.1'] }] }, meta);
    expect(validateEndpointSliceUpdate(slice({ addressType: 'IP', endpoints: [] }, meta), stored)).toEqual([]);
  });

  it('refuses an addressType change', () => {
    const errs = validateEndpointSliceUpdate(slice({ addressType: 'IPv6' }, meta), slice(docsSlice, meta));
    expect(summary(errs)).toEqual([['FieldValueInvalid', 'addressType']]);
    expect(errs[0]?.message).toBe('Invalid value: "IPv6": field is immutable');
  });
});
