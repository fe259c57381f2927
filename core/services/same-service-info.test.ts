import { describe, expect, it } from 'vitest';
import type { EndpointInfo, ServiceInfo } from '../contracts/discovery.ts';
import { sameServiceInfo } from './same-service-info.ts';

const endpoint: EndpointInfo = {
  ip: '10.0.0.1',
  ports: new Map([
    ['http', 8080],
    ['metrics', 9100],
  ]),
  ready: true,
  serving: true,
  terminating: false,
  nodeName: 'node-a',
  podName: 'web-0',
  hostname: undefined,
};

const info: ServiceInfo = {
  namespace: 'default',
  name: 'web',
  type: 'ClusterIP',
  clusterIP: '10.96.0.20',
  ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 0 }],
  sessionAffinity: 'None',
  sessionAffinityTimeoutSeconds: 10_800,
  publishNotReadyAddresses: false,
  externalName: undefined,
  endpoints: [endpoint],
};

describe('sameServiceInfo', () => {
  it.each<[string, ServiceInfo | undefined, ServiceInfo | undefined, boolean]>([
    ['both absent', undefined, undefined, true],
    ['appeared', undefined, info, false],
    ['went away', info, undefined, false],
    ['a copy', info, { ...info, endpoints: [{ ...endpoint }] }, true],
    [
      'ports map in another insertion order',
      info,
      { ...info, endpoints: [{ ...endpoint, ports: new Map([['metrics', 9100], ['http', 8080]]) }] },
      true,
    ],
    ['endpoint turned unready', info, { ...info, endpoints: [{ ...endpoint, ready: false }] }, false],
    ['endpoint port changed', info, { ...info, endpoints: [{ ...endpoint, ports: new Map([['http', 8081]]) }] }, false],
    ['endpoint removed', info, { ...info, endpoints: [] }, false],
    ['clusterIP allocated', { ...info, clusterIP: '' }, info, false],
    ['nodePort added', info, { ...info, ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }] }, false],
    ['affinity timeout changed', info, { ...info, sessionAffinityTimeoutSeconds: 60 }, false],
  ])('%s', (_name, a, b, expected) => {
    expect(sameServiceInfo(a, b)).toBe(expected);
  });
});
