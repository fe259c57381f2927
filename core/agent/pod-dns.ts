/**
 * A pod's resolv.conf, as kubelet's dns configurer builds it from
 * `dnsPolicy` and `dnsConfig`: ClusterFirst sends queries to the cluster DNS
 * Service with the namespace's search path (so `web` and `web.prod` resolve),
 * Default uses the node's, None only what dnsConfig says.
 */
import { readFileSync } from 'node:fs';
import { isRecord, type KubeObject } from '../api/types/meta.ts';

export interface PodDns {
  nameservers: string[];
  searches: string[];
  options: string[];
}

export interface ClusterDns {
  /** the DNS Service's IPs; empty when the cluster has none (then ClusterFirst falls back to Default, as kubelet does) */
  nameservers: string[];
  domain: string;
}

/** kubelet keeps at most 32 search domains (MaxDNSSearchPaths) and 3 nameservers */
const MAX_SEARCHES = 32;
const MAX_NAMESERVERS = 3;

export function hostResolvConf(path = '/etc/resolv.conf'): PodDns {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { nameservers: [], searches: [], options: [] };
  }
  const dns: PodDns = { nameservers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const [keyword, ...values] = line.trim().split(/\s+/);
    if (keyword === 'nameserver' && values[0] !== undefined) dns.nameservers.push(values[0]);
    if (keyword === 'search' || keyword === 'domain') dns.searches = values;
    if (keyword === 'options') dns.options.push(...values);
  }
  return dns;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** dnsConfig's options override same-named ones (`ndots:2` replaces `ndots:5`). */
function mergeOptions(base: string[], extra: unknown): string[] {
  const byName = new Map(base.map((o) => [o.split(':')[0] ?? o, o]));
  for (const option of Array.isArray(extra) ? extra.filter(isRecord) : []) {
    if (typeof option['name'] !== 'string') continue;
    byName.set(option['name'], typeof option['value'] === 'string' ? `${option['name']}:${option['value']}` : option['name']);
  }
  return [...byName.values()];
}

export function podDns(pod: KubeObject, cluster: ClusterDns, host: PodDns): PodDns {
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const hostNetwork = spec['hostNetwork'] === true;
  const policy = typeof spec['dnsPolicy'] === 'string' ? spec['dnsPolicy'] : 'ClusterFirst';
  const namespace = pod.metadata.namespace ?? 'default';
  let dns: PodDns;
  const clusterFirst = (policy === 'ClusterFirst' && !hostNetwork) || policy === 'ClusterFirstWithHostNet';
  if (policy === 'None') dns = { nameservers: [], searches: [], options: [] };
  else if (clusterFirst && cluster.nameservers.length > 0) {
    dns = {
      nameservers: [...cluster.nameservers],
      searches: [`${namespace}.svc.${cluster.domain}`, `svc.${cluster.domain}`, cluster.domain, ...host.searches],
      options: ['ndots:5'],
    };
  } else dns = { nameservers: [...host.nameservers], searches: [...host.searches], options: [...host.options] };
  const config = isRecord(spec['dnsConfig']) ? spec['dnsConfig'] : {};
  return {
    nameservers: [...new Set([...dns.nameservers, ...strings(config['nameservers'])])].slice(0, MAX_NAMESERVERS),
    searches: [...new Set([...dns.searches, ...strings(config['searches'])])].slice(0, MAX_SEARCHES),
    options: mergeOptions(dns.options, config['options']),
  };
}
