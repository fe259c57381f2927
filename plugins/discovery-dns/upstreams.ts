import { readFile } from 'node:fs/promises';
import { isIP, isIPv6 } from 'node:net';

/**
 * Where names outside the cluster domain go: CoreDNS's `forward .
 * /etc/resolv.conf`. The host's own resolver list, minus the cluster DNS
 * itself (a host whose resolv.conf already names it would forward to itself
 * forever).
 */
export interface Upstream {
  address: string;
  port: number;
}

const DNS_PORT = 53;

/** `1.2.3.4`, `1.2.3.4:5353`, `::1`, `[::1]:5353`; undefined when it is none of these. */
export function parseUpstream(text: string): Upstream | undefined {
  if (isIP(text) !== 0) return { address: text, port: DNS_PORT };
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  const plain = /^([^:]+):(\d{1,5})$/.exec(text);
  const match = bracketed ?? plain;
  if (match === null) return undefined;
  const [, address = '', portText = ''] = match;
  const port = Number(portText);
  if (port < 1 || port > 65535) return undefined;
  if (bracketed !== null ? !isIPv6(address) : isIP(address) !== 4) return undefined;
  return { address, port };
}

export function formatUpstream(upstream: Upstream): string {
  return isIPv6(upstream.address) ? `[${upstream.address}]:${upstream.port}` : `${upstream.address}:${upstream.port}`;
}

/** The `nameserver` lines of a resolv.conf, in order; a scoped IPv6 address (`fe80::1%eth0`) keeps its scope off, as glibc reads it. */
export function nameserversOf(resolvConf: string): string[] {
  const servers: string[] = [];
  for (const line of resolvConf.split('\n')) {
    const [keyword, value] = line.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (keyword !== 'nameserver' || value === undefined) continue;
    const address = value.split('%')[0] ?? '';
    if (isIP(address) !== 0) servers.push(address);
  }
  return servers;
}

/** The upstreams a resolv.conf gives, leaving out `exclude` (the cluster DNS's own addresses). */
export function upstreamsFromResolvConf(resolvConf: string, exclude: readonly string[]): Upstream[] {
  return nameserversOf(resolvConf)
    .filter((address) => !exclude.includes(address))
    .map((address) => ({ address, port: DNS_PORT }));
}

/** The host's upstreams; none when it has no resolv.conf. */
export async function hostUpstreams(exclude: readonly string[], path = '/etc/resolv.conf'): Promise<Upstream[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return upstreamsFromResolvConf(text, exclude);
}
