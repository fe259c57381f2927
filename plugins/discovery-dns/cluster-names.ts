import { isIPv4, isIPv6 } from 'node:net';

/**
 * What a name inside the cluster domain asks for, parsed the way CoreDNS's
 * kubernetes plugin parses it (parse.go): from the right, `svc` or `pod`,
 * then namespace, service, and either an endpoint's hostname or
 * `_port._protocol`. Comparisons are case-insensitive (the DNS spec), so
 * labels come back lower-cased.
 */
export type ClusterName =
  | { kind: 'apex' }
  /** `dns-version.<zone>`: the schema version's TXT */
  | { kind: 'dns-version' }
  /** `ns.dns.<zone>`: the name the SOA and NS records give this server */
  | { kind: 'nameserver' }
  /** `svc.<zone>` and `pod.<zone>`: names that exist but hold no records */
  | { kind: 'empty-non-terminal' }
  | { kind: 'namespace'; under: 'svc' | 'pod'; namespace: string }
  | { kind: 'service'; namespace: string; service: string; endpoint?: string; port?: string; protocol?: string }
  | { kind: 'pod'; namespace: string; pod: string }
  /** anything else in the zone: NXDOMAIN */
  | { kind: 'unknown' };

function lower(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

/** The labels of `name` below `zone` (lower-cased, leftmost first), or undefined when `name` is not in the zone. */
export function labelsInZone(name: string, zone: string): string[] | undefined {
  const n = lower(name);
  const z = lower(zone);
  if (n === z) return [];
  if (!n.endsWith(`.${z}`)) return undefined;
  return n.slice(0, n.length - z.length - 1).split('.');
}

function stripUnderscore(label: string): string {
  return label.startsWith('_') ? label.slice(1) : label;
}

export function parseClusterName(labels: readonly string[]): ClusterName {
  if (labels.length === 0) return { kind: 'apex' };
  const joined = labels.join('.');
  if (joined === 'dns-version') return { kind: 'dns-version' };
  if (joined === 'ns.dns') return { kind: 'nameserver' };
  const segments = [...labels].reverse();
  const [kind, namespace, service, ...rest] = segments;
  if (kind !== 'svc' && kind !== 'pod') return { kind: 'unknown' };
  if (namespace === undefined) return { kind: 'empty-non-terminal' };
  if (service === undefined) return { kind: 'namespace', under: kind, namespace };
  if (kind === 'pod') return rest.length === 0 ? { kind: 'pod', namespace, pod: service } : { kind: 'unknown' };
  const [second, first] = rest;
  if (second === undefined) return { kind: 'service', namespace, service };
  if (first === undefined) return { kind: 'service', namespace, service, endpoint: second };
  if (rest.length > 2) return { kind: 'unknown' };
  return { kind: 'service', namespace, service, port: stripUnderscore(first), protocol: stripUnderscore(second) };
}

/**
 * The IP a pod name stands for: `10-1-2-3` is 10.1.2.3; a name with other
 * than three dashes (or a `--`) is an IPv6 address with `:` dashed. Undefined
 * when the result is no address.
 */
export function podNameIP(pod: string): string | undefined {
  const dashes = pod.split('-').length - 1;
  if (dashes === 3 && !pod.includes('--')) {
    const ip = pod.replaceAll('-', '.');
    return isIPv4(ip) ? ip : undefined;
  }
  const ip = pod.replaceAll('-', ':');
  return isIPv6(ip) ? ip : undefined;
}

/** An endpoint's name in DNS when it has no hostname: its IP with dashes (CoreDNS's endpointHostname). */
export function dashedIP(ip: string): string {
  return ip.replaceAll(/[.:]/g, '-');
}

/** The IP a reverse name (`4.3.2.1.in-addr.arpa`, nibbles under `ip6.arpa`) stands for; undefined for other names. */
export function reverseNameIP(name: string): string | undefined {
  const n = lower(name);
  if (n.endsWith('.in-addr.arpa')) {
    const octets = n.slice(0, -'.in-addr.arpa'.length).split('.');
    if (octets.length !== 4 || !octets.every((o) => /^(0|[1-9][0-9]{0,2})$/.test(o))) return undefined;
    const ip = octets.reverse().join('.');
    return isIPv4(ip) ? ip : undefined;
  }
  if (n.endsWith('.ip6.arpa')) {
    const nibbles = n.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || !nibbles.every((x) => /^[0-9a-f]$/.test(x))) return undefined;
    const hex = nibbles.reverse().join('');
    const groups = hex.match(/.{4}/g) ?? [];
    return canonicalIP(groups.join(':'));
  }
  return undefined;
}

/** An IPv6 address in the form the catalog and URL parser agree on (`fd00::1`), so that reverse lookups compare equal. */
export function canonicalIP(ip: string): string | undefined {
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return undefined;
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}
