import { execFile } from 'node:child_process';
import type { ServicePortRoute } from './service-port-routes.ts';

/** A UDP flow's NAT entry that still points at an endpoint its Service no longer has. */
export interface StaleFlow {
  clusterIP: string;
  port: number;
  nodePort: number;
  endpointIP: string;
}

/**
 * kube-proxy's rule: UDP has no connection to break, so conntrack would keep
 * sending a client's datagrams to a removed endpoint for as long as the
 * client keeps talking; those entries must be deleted. TCP entries are left:
 * the removed endpoint's RST ends them.
 */
export function staleUdpFlows(before: readonly ServicePortRoute[], after: readonly ServicePortRoute[]): StaleFlow[] {
  const now = new Map(after.map((route) => [`${route.clusterIP}:${route.port}/${route.protocol}`, route]));
  const stale: StaleFlow[] = [];
  for (const route of before) {
    if (route.protocol !== 'UDP') continue;
    const current = now.get(`${route.clusterIP}:${route.port}/${route.protocol}`);
    const kept = new Set(current?.endpoints.map((e) => e.ip) ?? []);
    for (const endpoint of route.endpoints) {
      if (!kept.has(endpoint.ip)) stale.push({ clusterIP: route.clusterIP, port: route.port, nodePort: route.nodePort, endpointIP: endpoint.ip });
    }
  }
  return stale;
}

/** Runs `conntrack ARGS`; resolves false when the tool is missing. */
export type ConntrackCommand = (args: readonly string[]) => Promise<boolean>;

export const hostConntrack: ConntrackCommand = (args) =>
  new Promise((resolve, reject) => {
    execFile('conntrack', [...args], { timeout: 10_000 }, (error, _stdout, stderr) => {
      if (error === null) resolve(true);
      else if (error.code === 'ENOENT') resolve(false);
      // exit 1 with "0 flow entries have been deleted" is not a failure
      else if (/0 flow entries/.test(String(stderr))) resolve(true);
      else reject(new Error(String(stderr).trim() || error.message));
    });
  });

/** `conntrack -D` argument lists for these flows, by original destination and the NAT target. */
export function conntrackDeletions(flows: readonly StaleFlow[]): string[][] {
  return flows.flatMap((flow) => {
    const byClusterIP = ['-D', '-p', 'udp', '--orig-dst', flow.clusterIP, '--orig-port-dst', String(flow.port), '--dst-nat', flow.endpointIP];
    const byNodePort = ['-D', '-p', 'udp', '--orig-port-dst', String(flow.nodePort), '--dst-nat', flow.endpointIP];
    return flow.nodePort > 0 ? [byClusterIP, byNodePort] : [byClusterIP];
  });
}
