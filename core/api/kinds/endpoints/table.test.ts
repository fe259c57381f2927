import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { endpointsTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function endpoints(subsets: unknown[] | undefined): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-06-01T11:59:00Z' },
    ...(subsets ? { subsets } : {}),
  };
}

const addresses = (...ips: string[]) => ips.map((ip) => ({ ip }));

describe('endpointsTable', () => {
  it('has printEndpoints columns', () => {
    expect(endpointsTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Endpoints', 0],
      ['Age', 0],
    ]);
  });

  it.each<[string, KubeObject, string]>([
    ['no subsets', endpoints(undefined), '<none>'],
    ['one port', endpoints([{ addresses: addresses('10.244.0.5', '10.244.0.6'), ports: [{ port: 8080, protocol: 'TCP' }] }]), '10.244.0.5:8080,10.244.0.6:8080'],
    ['headless without ports', endpoints([{ addresses: addresses('10.244.0.5') }]), '10.244.0.5'],
    ['IPv6 is bracketed', endpoints([{ addresses: addresses('fd00::5'), ports: [{ port: 80 }] }]), '[fd00::5]:80'],
    [
      'more than three',
      endpoints([
        { addresses: addresses('10.0.0.1', '10.0.0.2'), ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] },
      ]),
      '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
    ],
    [
      'more than three across subsets',
      endpoints([
        { addresses: addresses('10.0.0.1', '10.0.0.2', '10.0.0.3'), ports: [{ port: 80 }] },
        { addresses: addresses('10.0.1.1', '10.0.1.2'), ports: [{ port: 80 }] },
      ]),
      '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...',
    ],
  ])('%s', (_name, obj, text) => {
    expect(endpointsTable.cells(obj, now)).toEqual(['web', text, '60s']);
  });
});
