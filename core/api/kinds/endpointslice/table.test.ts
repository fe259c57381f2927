import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { endpointSliceTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function slice(body: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abc12', namespace: 'default', creationTimestamp: '2024-06-01T11:00:00Z' },
    addressType: 'IPv4',
    ...body,
  };
}

const endpoint = (...addresses: string[]) => ({ addresses, conditions: { ready: true } });

describe('endpointSliceTable', () => {
  it('has printEndpointSlice columns', () => {
    expect(endpointSliceTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['AddressType', 0],
      ['Ports', 0],
      ['Endpoints', 0],
      ['Age', 0],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    ['empty', slice({}), ['web-abc12', 'IPv4', '<unset>', '<unset>', '60m']],
    [
      'ports and endpoints',
      slice({ ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: [endpoint('10.244.0.5'), endpoint('10.244.0.6')] }),
      ['web-abc12', 'IPv4', '8080', '10.244.0.5,10.244.0.6', '60m'],
    ],
    [
      'port by name, all ports, more than three',
      slice({
        ports: [{ name: 'metrics' }, {}, { port: 1 }, { port: 2 }, { port: 3 }],
        endpoints: [endpoint('10.0.0.1', '10.0.0.2'), endpoint('10.0.0.3'), endpoint('10.0.0.4')],
      }),
      ['web-abc12', 'IPv4', 'metrics,*,1 + 2 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '60m'],
    ],
  ])('%s', (_name, obj, cells) => {
    expect(endpointSliceTable.cells(obj, now)).toEqual(cells);
  });
});
