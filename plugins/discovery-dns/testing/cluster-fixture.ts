import type { ServicePortInfo } from '../../../core/index.ts';
import { DnsServer } from '../dns-server.ts';
import { LoopbackAddresses } from '../../../core/index.ts';
import { dnsOptionsSchema } from '../options.ts';
import { endpointInfo, FakeCatalog, serviceInfo } from './fake-catalog.ts';
import { capturingLogger, pluginContext } from './plugin-context.ts';

export const ZONE = 'cluster.local';

export function tcpPort(name: string, port: number): ServicePortInfo {
  return { name, port, protocol: 'TCP', nodePort: 0 };
}

/** Loopback only: these servers must never touch `lo`. */
export const noLoopback = new LoopbackAddresses(() => Promise.reject(new Error('tests add no addresses')));

/** A server on 127.0.0.1 and a free port, without the kube-dns Service. */
export async function startServer(catalog: FakeCatalog, options: Record<string, unknown>, logger = capturingLogger().logger): Promise<DnsServer> {
  const parsed = dnsOptionsSchema.parse({ listen: ['127.0.0.1'], port: 0, createService: false, upstreamTimeoutMs: 300, ...options });
  const server = new DnsServer(parsed, pluginContext(catalog, { logger }), { loopback: noLoopback });
  await server.start();
  return server;
}

/**
 * The Services most tests resolve: a ClusterIP Service with two ports, a
 * headless one with a hostname, a dashed-IP and a not-ready endpoint, one
 * publishing not-ready addresses, one with nothing ready, and ExternalNames
 * inside and outside the zone.
 */
export function clusterServices(): FakeCatalog {
  const catalog = new FakeCatalog();
  catalog.set(
    serviceInfo({
      name: 'web',
      clusterIP: '10.96.5.20',
      ports: [tcpPort('http', 80), { name: 'metrics', port: 9090, protocol: 'UDP', nodePort: 0 }],
      endpoints: [endpointInfo('172.17.0.2', { ports: { http: 8080, metrics: 9090 } })],
    }),
    serviceInfo({
      name: 'db',
      clusterIP: 'None',
      ports: [tcpPort('pg', 5432)],
      endpoints: [
        endpointInfo('172.17.0.3', { hostname: 'db-0', ports: { pg: 5432 } }),
        endpointInfo('172.17.0.4', { ports: { pg: 5433 } }),
        endpointInfo('172.17.0.9', { hostname: 'db-9', ready: false, serving: false, ports: { pg: 5432 } }),
      ],
    }),
    serviceInfo({
      name: 'peers',
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      endpoints: [endpointInfo('172.17.0.5', { ready: false }), endpointInfo('172.17.0.6')],
    }),
    serviceInfo({ name: 'starting', clusterIP: 'None', endpoints: [endpointInfo('172.17.0.7', { ready: false })] }),
    serviceInfo({ name: 'alias', type: 'ExternalName', externalName: `web.default.svc.${ZONE}` }),
    serviceInfo({ name: 'search', namespace: 'tools', type: 'ExternalName', externalName: 'search.example.com' }),
  );
  return catalog;
}
