import { isIP } from 'node:net';
import type { Answer } from 'dns-packet';
import type { ServiceCatalog } from '../../core/index.ts';
import { labelsInZone, parseClusterName, reverseNameIP, type ClusterName } from './cluster-names.ts';
import { lookupPod, lookupService, namespaceHasServices, namesOfIP, type Lookup, type Target } from './cluster-records.ts';

/** The schema version CoreDNS publishes at `dns-version.<zone>` (kubernetes/dns docs/specification.md). */
export const DNS_SCHEMA_VERSION = '1.1.0';
const DNS_VERSION_TTL = 28_800;
/** CNAMEs followed inside the zone before giving up (CoreDNS stops a chain at 8). */
const MAX_CNAME_CHAIN = 8;

export type ZoneRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';

export interface ZoneReply {
  rcode: ZoneRcode;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
}

export interface ClusterZoneSettings {
  catalog: ServiceCatalog;
  /** the cluster domain, e.g. cluster.local */
  domain: string;
  ttl: number;
  /** the addresses `ns.dns.<zone>` (the SOA's and NS's server name) has */
  nameserverIPs: () => readonly string[];
  /** the SOA serial: when the cluster's Services last changed */
  serial: () => number;
  /** false until the catalog's first lists are in: an unknown name is then SERVFAIL, not NXDOMAIN (CoreDNS) */
  synced: () => boolean;
  /** an ExternalName target outside the zone, resolved by the upstream; [] when that is not possible */
  resolveExternal: (name: string, type: 'A' | 'AAAA') => Promise<Answer[]>;
}

function familyOf(type: string): 4 | 6 | undefined {
  return type === 'A' ? 4 : type === 'AAAA' ? 6 : undefined;
}

function dedup(records: Answer[]): Answer[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    const key = JSON.stringify([record.name.toLowerCase(), record.type, 'data' in record ? record.data : undefined]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The cluster domain as CoreDNS's kubernetes plugin serves it (handler.go and
 * plugin/backend_lookup.go): Service, endpoint and pod names from the
 * catalog, the SOA and NS of the zone, the schema-version TXT, and PTRs for
 * the addresses the catalog knows. Answers are authoritative; a missing name
 * is NXDOMAIN and a name without records of the asked type NODATA, both with
 * the zone's SOA for negative caching.
 */
export class ClusterZone {
  readonly domain: string;

  constructor(private readonly settings: ClusterZoneSettings) {
    this.domain = settings.domain.replace(/\.$/, '').toLowerCase();
  }

  contains(name: string): boolean {
    return labelsInZone(name, this.domain) !== undefined;
  }

  async answer(name: string, type: string, depth = 0): Promise<ZoneReply> {
    const labels = labelsInZone(name, this.domain);
    if (labels === undefined) return this.reply('REFUSED', []);
    const parsed = parseClusterName(labels);
    if (type === 'AXFR' || type === 'IXFR') return this.reply('REFUSED', []);
    if (type === 'SOA' && parsed.kind === 'apex') return this.reply('NOERROR', [this.soa()]);
    if (type === 'NS' && parsed.kind === 'apex') return this.nameservers();
    if (type === 'TXT' && parsed.kind === 'dns-version') {
      return this.reply('NOERROR', [{ type: 'TXT', name, ttl: DNS_VERSION_TTL, class: 'IN', data: DNS_SCHEMA_VERSION }]);
    }
    const lookup = this.lookup(parsed, name);
    if (lookup === undefined) return this.negative(this.settings.synced() ? 'NXDOMAIN' : 'SERVFAIL');
    const family = familyOf(type);
    if (family !== undefined) return this.addresses(name, family === 4 ? 'A' : 'AAAA', family, lookup, depth);
    if (type === 'SRV') return this.services(name, lookup);
    if (type === 'CNAME') return this.reply('NOERROR', this.cnames(name, lookup));
    return this.negative('NOERROR');
  }

  /** PTR for an address the catalog knows; undefined for any other question (it goes upstream, CoreDNS's `fallthrough`). */
  reverse(name: string, type: string): ZoneReply | undefined {
    if (type !== 'PTR') return undefined;
    const ip = reverseNameIP(name);
    if (ip === undefined) return undefined;
    const names = namesOfIP(this.settings.catalog, ip, this.domain);
    if (names.length === 0) return undefined;
    return this.reply(
      'NOERROR',
      names.map((target) => ({ type: 'PTR', name, ttl: this.settings.ttl, class: 'IN', data: target })),
    );
  }

  private lookup(parsed: ClusterName, name: string): Lookup {
    switch (parsed.kind) {
      case 'apex':
      case 'dns-version':
      case 'empty-non-terminal':
        return [];
      case 'nameserver':
        return this.settings.nameserverIPs().map((ip) => ({ host: ip, port: undefined, owner: name }));
      case 'namespace':
        // `pods insecure` answers for any namespace, so every namespace under pod. exists
        return parsed.under === 'pod' || namespaceHasServices(this.settings.catalog, parsed.namespace) ? [] : undefined;
      case 'pod':
        return lookupPod(parsed.pod, name);
      case 'service':
        return lookupService(this.settings.catalog, parsed, this.domain);
      case 'unknown':
        return undefined;
    }
  }

  private async addresses(name: string, type: 'A' | 'AAAA', family: 4 | 6, targets: Target[], depth: number): Promise<ZoneReply> {
    const answers: Answer[] = [];
    for (const target of targets) {
      const ipFamily = isIP(target.host);
      if (ipFamily === family) answers.push({ type, name, ttl: this.settings.ttl, class: 'IN', data: target.host });
      if (ipFamily !== 0) continue;
      // ExternalName: the CNAME, then what its target resolves to
      answers.push({ type: 'CNAME', name, ttl: this.settings.ttl, class: 'IN', data: target.host });
      if (depth >= MAX_CNAME_CHAIN) continue;
      if (this.contains(target.host)) answers.push(...(await this.answer(target.host, type, depth + 1)).answers);
      else answers.push(...(await this.settings.resolveExternal(target.host, type)));
    }
    return answers.length === 0 ? this.negative('NOERROR') : this.reply('NOERROR', dedup(answers));
  }

  /** CoreDNS's SRV: priority 0, the weight shared out over the records, the targets' addresses as additionals. */
  private services(name: string, targets: Target[]): ZoneReply {
    const addressed = targets.filter((target) => isIP(target.host) !== 0);
    const weight = Math.max(1, Math.floor(100 / Math.max(1, addressed.length)));
    const answers: Answer[] = [];
    const additionals: Answer[] = [];
    for (const target of addressed) {
      if (target.port === undefined) continue;
      answers.push({ type: 'SRV', name, ttl: this.settings.ttl, class: 'IN', data: { priority: 0, weight, port: target.port, target: target.owner } });
      const type = isIP(target.host) === 6 ? 'AAAA' : 'A';
      additionals.push({ type, name: target.owner, ttl: this.settings.ttl, class: 'IN', data: target.host });
    }
    if (answers.length === 0) return this.negative('NOERROR');
    return { rcode: 'NOERROR', answers: dedup(answers), authorities: [], additionals: dedup(additionals) };
  }

  private cnames(name: string, targets: Target[]): Answer[] {
    return targets
      .filter((target) => isIP(target.host) === 0)
      .map((target) => ({ type: 'CNAME', name, ttl: this.settings.ttl, class: 'IN', data: target.host }));
  }

  private nameservers(): ZoneReply {
    const server = `ns.dns.${this.domain}`;
    const additionals: Answer[] = this.settings.nameserverIPs().map((ip) => ({
      type: isIP(ip) === 6 ? 'AAAA' : 'A',
      name: server,
      ttl: this.settings.ttl,
      class: 'IN',
      data: ip,
    }));
    return { rcode: 'NOERROR', answers: [{ type: 'NS', name: this.domain, ttl: this.settings.ttl, class: 'IN', data: server }], authorities: [], additionals };
  }

  /** plugin.SOA: the TTL capped at 300, the negative-caching minimum the record TTL */
  soa(): Answer {
    const ttl = this.settings.ttl;
    return {
      type: 'SOA',
      name: this.domain,
      ttl: Math.min(ttl, 300),
      class: 'IN',
      data: {
        mname: `ns.dns.${this.domain}`,
        rname: `hostmaster.${this.domain}`,
        serial: this.settings.serial(),
        refresh: 7200,
        retry: 1800,
        expire: 86_400,
        minimum: ttl,
      },
    };
  }

  private negative(rcode: ZoneRcode): ZoneReply {
    return { rcode, answers: [], authorities: [this.soa()], additionals: [] };
  }

  private reply(rcode: ZoneRcode, answers: Answer[]): ZoneReply {
    return { rcode, answers, authorities: [], additionals: [] };
  }
}
