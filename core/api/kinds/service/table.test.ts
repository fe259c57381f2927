import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { serviceTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function service(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-06-01T09:00:00Z' },
    spec,
    status,
  };
}

describe('serviceTable', () => {
  it('has printService columns', () => {
    expect(serviceTable.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Type', 0],
      ['Cluster-IP', 0],
      ['External-IP', 0],
      ['Port(s)', 0],
      ['Age', 0],
      ['Selector', 1],
    ]);
  });

  it.each<[string, KubeObject, unknown[]]>([
    [
      'ClusterIP',
      service({
        type: 'ClusterIP',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'web' },
      }),
      ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '3h', 'app=web'],
    ],
    [
      'ClusterIP with external IPs and several ports',
      service({
        type: 'ClusterIP',
        clusterIPs: ['10.96.0.11', 'fd00::11'],
        externalIPs: ['203.0.113.1', '203.0.113.2'],
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
        selector: { tier: 'dns', app: 'coredns' },
      }),
      ['web', 'ClusterIP', '10.96.0.11', '203.0.113.1,203.0.113.2', '53/UDP,53/TCP', '3h', 'app=coredns,tier=dns'],
    ],
    [
      'headless without ports or selector',
      service({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }),
      ['web', 'ClusterIP', 'None', '<none>', '<none>', '3h', '<none>'],
    ],
    [
      'NodePort',
      service({ type: 'NodePort', clusterIPs: ['10.96.1.1'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }),
      ['web', 'NodePort', '10.96.1.1', '<none>', '80:30080/TCP', '3h', '<none>'],
    ],
    [
      'LoadBalancer pending',
      service({ type: 'LoadBalancer', clusterIPs: ['10.96.2.2'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] }),
      ['web', 'LoadBalancer', '10.96.2.2', '<pending>', '443:31443/TCP', '3h', '<none>'],
    ],
    [
      'LoadBalancer with ingress (sorted, deduplicated, not clipped) and external IPs',
      service(
        { type: 'LoadBalancer', clusterIPs: ['10.96.2.2'], externalIPs: ['198.51.100.7'], ports: [{ port: 80, nodePort: 30001, protocol: 'TCP' }] },
        {
          loadBalancer: {
            ingress: [{ ip: '203.0.113.20' }, { hostname: 'a-very-long-lb-name.example.com' }, { ip: '203.0.113.20' }],
          },
        },
      ),
      ['web', 'LoadBalancer', '10.96.2.2', '203.0.113.20,a-very-long-lb-name.example.com,198.51.100.7', '80:30001/TCP', '3h', '<none>'],
    ],
    [
      'ExternalName',
      service({ type: 'ExternalName', externalName: 'db.example.com' }),
      ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '3h', '<none>'],
    ],
    ['unknown type', service({ type: 'Weird' }), ['web', 'Weird', '<none>', '<unknown>', '<none>', '3h', '<none>']],
  ])('%s', (_name, obj, cells) => {
    expect(serviceTable.cells(obj, now)).toEqual(cells);
  });
});
