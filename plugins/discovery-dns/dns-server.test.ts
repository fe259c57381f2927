import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsServer } from './dns-server.ts';
import { exchangeUdp, queryTcp, queryUdp, rcodeOf, records } from './testing/dns-client.ts';
import { clusterServices, startServer, tcpPort, ZONE } from './testing/cluster-fixture.ts';
import { endpointInfo, serviceInfo } from './testing/fake-catalog.ts';
import { FakeUpstream } from './testing/fake-upstream.ts';

const AA = 1 << 10;
const TC = 1 << 9;

describe('DnsServer over UDP and TCP', () => {
  const catalog = clusterServices();
  let upstream: FakeUpstream;
  let server: DnsServer;
  const udp = (name: string, type: string) => queryUdp(server.port, name, type);

  beforeAll(async () => {
    upstream = await FakeUpstream.start(
      {
        'example.com': [{ type: 'A', name: 'example.com', ttl: 60, data: '192.0.2.10' }],
        'search.example.com': [{ type: 'A', name: 'search.example.com', ttl: 60, data: '192.0.2.20' }],
        '8.2.0.192.in-addr.arpa': [{ type: 'PTR', name: '8.2.0.192.in-addr.arpa', ttl: 60, data: 'outside.example.com' }],
      },
      ['slow.example.com'],
    );
    server = await startServer(catalog, { upstream: [upstream.address] });
  });
  afterAll(async () => {
    await server.stop();
    await upstream.close();
  });

  it('answers A for a ClusterIP Service, authoritatively, with the CoreDNS TTL', async () => {
    const response = await udp(`web.default.svc.${ZONE}`, 'A');
    expect(rcodeOf(response)).toBe('NOERROR');
    expect((response.flags ?? 0) & AA).toBe(AA);
    expect(records(response.answers)).toEqual([`web.default.svc.${ZONE} A 10.96.5.20`]);
    expect(response.answers?.[0]?.type === 'A' ? response.answers[0].ttl : undefined).toBe(5);
  });

  it('keeps the case of the question, matching names case-insensitively', async () => {
    const response = await udp('WEB.Default.SVC.Cluster.Local', 'A');
    expect(records(response.answers)).toEqual(['WEB.Default.SVC.Cluster.Local A 10.96.5.20']);
  });

  it('answers NODATA with the SOA for a known name of another type (AAAA of an IPv4 Service)', async () => {
    const response = await udp(`web.default.svc.${ZONE}`, 'AAAA');
    expect(rcodeOf(response)).toBe('NOERROR');
    expect(response.answers).toEqual([]);
    expect(records(response.authorities)).toHaveLength(1);
    expect(response.authorities?.[0]?.type).toBe('SOA');
  });

  it('answers NXDOMAIN with the zone SOA (CoreDNS fields) for unknown names in the domain', async () => {
    const response = await udp(`nope.default.svc.${ZONE}`, 'A');
    expect(rcodeOf(response)).toBe('NXDOMAIN');
    expect((response.flags ?? 0) & AA).toBe(AA);
    const soa = response.authorities?.[0];
    expect(soa?.type).toBe('SOA');
    if (soa?.type !== 'SOA') return;
    expect(soa.name).toBe(ZONE);
    expect(soa.ttl).toBe(5);
    expect(soa.data).toMatchObject({ mname: `ns.dns.${ZONE}`, rname: `hostmaster.${ZONE}`, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 });
    for (const name of [`a.b.c.d.e.${ZONE}`, `nowhere.svc.${ZONE}`, `web.default.nodes.${ZONE}`]) {
      expect(rcodeOf(await udp(name, 'A')), name).toBe('NXDOMAIN');
    }
  });

  it('answers NODATA for names that exist without records: the apex, svc, a namespace with Services, pod namespaces', async () => {
    for (const name of [ZONE, `svc.${ZONE}`, `default.svc.${ZONE}`, `pod.${ZONE}`, `anything.pod.${ZONE}`]) {
      const response = await udp(name, 'A');
      expect(rcodeOf(response), name).toBe('NOERROR');
      expect(response.answers, name).toEqual([]);
    }
  });

  it('answers SRV for a named port: priority 0, weight 100, the Service port, the Service name with its A as additional', async () => {
    const response = await udp(`_http._tcp.web.default.svc.${ZONE}`, 'SRV');
    expect(records(response.answers)).toEqual([`_http._tcp.web.default.svc.${ZONE} SRV 0 100 80 web.default.svc.${ZONE}`]);
    expect(records(response.additionals)).toEqual([`web.default.svc.${ZONE} A 10.96.5.20`]);
    const udpPort = await udp(`_metrics._udp.web.default.svc.${ZONE}`, 'SRV');
    expect(records(udpPort.answers)).toEqual([`_metrics._udp.web.default.svc.${ZONE} SRV 0 100 9090 web.default.svc.${ZONE}`]);
    expect(rcodeOf(await udp(`_http._udp.web.default.svc.${ZONE}`, 'SRV'))).toBe('NXDOMAIN');
  });

  it('answers SRV on the Service name with every port, the weight shared out as CoreDNS does', async () => {
    const response = await udp(`web.default.svc.${ZONE}`, 'SRV');
    expect(records(response.answers)).toEqual([
      `web.default.svc.${ZONE} SRV 0 50 80 web.default.svc.${ZONE}`,
      `web.default.svc.${ZONE} SRV 0 50 9090 web.default.svc.${ZONE}`,
    ]);
  });

  it('answers A for a headless Service with its ready endpoints only', async () => {
    const response = await udp(`db.default.svc.${ZONE}`, 'A');
    expect(records(response.answers)).toEqual([`db.default.svc.${ZONE} A 172.17.0.3`, `db.default.svc.${ZONE} A 172.17.0.4`]);
  });

  it('answers headless SRV per ready endpoint: its hostname or dashed IP, its own port, addresses as additionals', async () => {
    const response = await udp(`_pg._tcp.db.default.svc.${ZONE}`, 'SRV');
    expect(records(response.answers)).toEqual([
      `_pg._tcp.db.default.svc.${ZONE} SRV 0 50 5432 db-0.db.default.svc.${ZONE}`,
      `_pg._tcp.db.default.svc.${ZONE} SRV 0 50 5433 172-17-0-4.db.default.svc.${ZONE}`,
    ]);
    expect(records(response.additionals)).toEqual([`172-17-0-4.db.default.svc.${ZONE} A 172.17.0.4`, `db-0.db.default.svc.${ZONE} A 172.17.0.3`]);
  });

  it('answers HOSTNAME.SVC.NS.svc for ready endpoints, by hostname or dashed IP; a not-ready one does not exist', async () => {
    expect(records((await udp(`db-0.db.default.svc.${ZONE}`, 'A')).answers)).toEqual([`db-0.db.default.svc.${ZONE} A 172.17.0.3`]);
    expect(records((await udp(`172-17-0-4.db.default.svc.${ZONE}`, 'A')).answers)).toEqual([`172-17-0-4.db.default.svc.${ZONE} A 172.17.0.4`]);
    expect(rcodeOf(await udp(`db-9.db.default.svc.${ZONE}`, 'A'))).toBe('NXDOMAIN');
  });

  it('publishes not-ready endpoints when the Service says publishNotReadyAddresses', async () => {
    const response = await udp(`peers.default.svc.${ZONE}`, 'A');
    expect(records(response.answers)).toEqual([`peers.default.svc.${ZONE} A 172.17.0.5`, `peers.default.svc.${ZONE} A 172.17.0.6`]);
  });

  it('answers NXDOMAIN for a headless Service without ready endpoints (the spec)', async () => {
    expect(rcodeOf(await udp(`starting.default.svc.${ZONE}`, 'A'))).toBe('NXDOMAIN');
  });

  it('answers an ExternalName Service with its CNAME, followed inside the zone', async () => {
    const response = await udp(`alias.default.svc.${ZONE}`, 'A');
    expect(records(response.answers)).toEqual([`alias.default.svc.${ZONE} CNAME web.default.svc.${ZONE}`, `web.default.svc.${ZONE} A 10.96.5.20`]);
    const cname = await udp(`alias.default.svc.${ZONE}`, 'CNAME');
    expect(records(cname.answers)).toEqual([`alias.default.svc.${ZONE} CNAME web.default.svc.${ZONE}`]);
  });

  it('answers an ExternalName Service outside the zone with its CNAME and what the upstream says of the target', async () => {
    const response = await udp(`search.tools.svc.${ZONE}`, 'A');
    expect(records(response.answers)).toEqual([`search.example.com A 192.0.2.20`, `search.tools.svc.${ZONE} CNAME search.example.com`]);
  });

  it('answers A-B-C-D.NS.pod with that IP (pods insecure), NODATA for AAAA, NXDOMAIN for a malformed one', async () => {
    expect(records((await udp(`172-17-0-2.default.pod.${ZONE}`, 'A')).answers)).toEqual([`172-17-0-2.default.pod.${ZONE} A 172.17.0.2`]);
    const aaaa = await udp(`172-17-0-2.default.pod.${ZONE}`, 'AAAA');
    expect([rcodeOf(aaaa), aaaa.answers]).toEqual(['NOERROR', []]);
    expect(rcodeOf(await udp(`172-17-0-999.default.pod.${ZONE}`, 'A'))).toBe('NXDOMAIN');
  });

  it('answers the schema version TXT, the zone SOA and NS', async () => {
    const txt = await udp(`dns-version.${ZONE}`, 'TXT');
    expect(records(txt.answers)).toEqual([`dns-version.${ZONE} TXT 1.1.0`]);
    const soa = await udp(ZONE, 'SOA');
    expect(soa.answers?.map((a) => a.type)).toEqual(['SOA']);
    const ns = await udp(ZONE, 'NS');
    expect(records(ns.answers)).toEqual([`${ZONE} NS ns.dns.${ZONE}`]);
    expect(records(ns.additionals)).toEqual([`ns.dns.${ZONE} A 10.96.0.10`]);
  });

  it('answers PTR for ClusterIPs and endpoint addresses; other reverse names go upstream', async () => {
    expect(records((await udp('20.5.96.10.in-addr.arpa', 'PTR')).answers)).toEqual([`20.5.96.10.in-addr.arpa PTR web.default.svc.${ZONE}`]);
    expect(records((await udp('3.0.17.172.in-addr.arpa', 'PTR')).answers)).toEqual([`3.0.17.172.in-addr.arpa PTR db-0.db.default.svc.${ZONE}`]);
    const outside = await udp('8.2.0.192.in-addr.arpa', 'PTR');
    expect(records(outside.answers)).toEqual(['8.2.0.192.in-addr.arpa PTR outside.example.com']);
    expect(upstream.questions).toContain('8.2.0.192.in-addr.arpa PTR');
  });

  it('forwards names outside the domain to the upstream and relays its answer under the client query ID', async () => {
    const response = await udp('example.com', 'A');
    expect(rcodeOf(response)).toBe('NOERROR');
    expect(records(response.answers)).toEqual(['example.com A 192.0.2.10']);
    expect((response.flags ?? 0) & AA).toBe(0);
    expect(upstream.questions).toContain('example.com A');
    const missing = await udp('missing.example.com', 'A');
    expect(rcodeOf(missing)).toBe('NXDOMAIN');
    expect(upstream.questions).not.toContain(`web.default.svc.${ZONE} A`);
  });

  it('answers SERVFAIL when the upstream does not answer in time', async () => {
    const started = Date.now();
    const response = await udp('slow.example.com', 'A');
    expect(rcodeOf(response)).toBe('SERVFAIL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(upstream.questions).toContain('slow.example.com A');
  });

  it('answers over TCP (length-prefixed), several record kinds on fresh connections', async () => {
    const a = await queryTcp(server.port, `web.default.svc.${ZONE}`, 'A');
    expect(records(a.answers)).toEqual([`web.default.svc.${ZONE} A 10.96.5.20`]);
    const srv = await queryTcp(server.port, `_pg._tcp.db.default.svc.${ZONE}`, 'SRV');
    expect(srv.answers).toHaveLength(2);
    const nx = await queryTcp(server.port, `nope.default.svc.${ZONE}`, 'A');
    expect(rcodeOf(nx)).toBe('NXDOMAIN');
    const forwarded = await queryTcp(server.port, 'example.com', 'A');
    expect(records(forwarded.answers)).toEqual(['example.com A 192.0.2.10']);
  });

  it('sees catalog changes at once: a new Service resolves, a deleted one is gone', async () => {
    catalog.set(serviceInfo({ name: 'late', namespace: 'apps', clusterIP: '10.96.7.7', ports: [tcpPort('http', 80)] }));
    expect(records((await udp(`late.apps.svc.${ZONE}`, 'A')).answers)).toEqual([`late.apps.svc.${ZONE} A 10.96.7.7`]);
    catalog.delete('apps', 'late');
    expect(rcodeOf(await udp(`late.apps.svc.${ZONE}`, 'A'))).toBe('NXDOMAIN');
    expect(rcodeOf(await udp(`apps.svc.${ZONE}`, 'A'))).toBe('NXDOMAIN');
  });

  it('truncates a UDP answer over 512 bytes (TC set) and gives it whole over TCP; EDNS raises the limit', async () => {
    const endpoints = Array.from({ length: 60 }, (_, i) => endpointInfo(`172.18.0.${i + 1}`, { ports: { pg: 5432 } }));
    catalog.set(serviceInfo({ name: 'big', clusterIP: 'None', ports: [tcpPort('pg', 5432)], endpoints }));
    const plain = await udp(`big.default.svc.${ZONE}`, 'A');
    expect((plain.flags ?? 0) & TC).toBe(TC);
    expect(plain.size).toBeLessThanOrEqual(512);
    expect(plain.answers?.length ?? 0).toBeLessThan(60);
    const edns = await queryUdp(server.port, `big.default.svc.${ZONE}`, 'A', { edns: 4096 });
    expect((edns.flags ?? 0) & TC).toBe(0);
    expect(edns.answers).toHaveLength(60);
    expect(edns.additionals?.some((record) => record.type === 'OPT')).toBe(true);
    const tcp = await queryTcp(server.port, `big.default.svc.${ZONE}`, 'A');
    expect((tcp.flags ?? 0) & TC).toBe(0);
    expect(tcp.answers).toHaveLength(60);
  });

  it('answers FORMERR to a malformed query with a readable header, and nothing to a fragment', async () => {
    const garbage = Buffer.alloc(20, 0xff);
    garbage.writeUInt16BE(0x1234, 0);
    garbage.writeUInt16BE(0x0100, 2);
    const reply = await exchangeUdp(server.port, garbage);
    expect(reply?.readUInt16BE(0)).toBe(0x1234);
    expect((reply?.readUInt16BE(2) ?? 0) & 0xf).toBe(1);
    expect(await exchangeUdp(server.port, Buffer.from([1, 2, 3]), { timeoutMs: 300 })).toBeUndefined();
  });

  it('refuses zone transfers', async () => {
    expect(rcodeOf(await queryTcp(server.port, ZONE, 'AXFR'))).toBe('REFUSED');
  });
});
