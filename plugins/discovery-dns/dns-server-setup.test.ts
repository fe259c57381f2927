import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DnsServer } from './dns-server.ts';
import { LoopbackAddresses } from '../../core/index.ts';
import { dnsOptionsSchema } from './options.ts';
import { clusterServices, noLoopback, startServer, ZONE } from './testing/cluster-fixture.ts';
import { queryTcp, queryUdp, rcodeOf, records } from './testing/dns-client.ts';
import { FakeCatalog } from './testing/fake-catalog.ts';
import { capturingLogger, pluginContext } from './testing/plugin-context.ts';

describe('DnsServer without upstream', () => {
  it('REFUSES names outside the domain, says so once, and still answers the domain', async () => {
    const { logger, lines } = capturingLogger();
    const server = await startServer(clusterServices(), { upstream: [] }, logger);
    try {
      expect(server.upstreams).toEqual([]);
      const refused = await queryUdp(server.port, 'example.com', 'A');
      expect(rcodeOf(refused)).toBe('REFUSED');
      expect(rcodeOf(await queryTcp(server.port, 'other.example.org', 'A'))).toBe('REFUSED');
      expect(rcodeOf(await queryUdp(server.port, '9.9.9.9.in-addr.arpa', 'PTR'))).toBe('REFUSED');
      expect(records((await queryUdp(server.port, `web.default.svc.${ZONE}`, 'A')).answers)).toEqual([`web.default.svc.${ZONE} A 10.96.5.20`]);
      const warnings = lines.filter((line) => line.msg.includes('REFUSED'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.msg).toMatch(/no upstream server: names outside cluster\.local are REFUSED/);
    } finally {
      await server.stop();
    }
  });
});

describe('DnsServer before the catalog has synced', () => {
  it('answers SERVFAIL rather than a false NXDOMAIN, then NXDOMAIN once synced', async () => {
    const catalog = new FakeCatalog({ synced: false });
    const server = await startServer(catalog, { upstream: [] });
    try {
      expect(rcodeOf(await queryUdp(server.port, `web.default.svc.${ZONE}`, 'A'))).toBe('SERVFAIL');
      catalog.finishSync();
      await catalog.synced();
      expect(rcodeOf(await queryUdp(server.port, `web.default.svc.${ZONE}`, 'A'))).toBe('NXDOMAIN');
    } finally {
      await server.stop();
    }
  });
});

describe('DnsServer defaults', () => {
  it("takes the host's resolv.conf nameservers as upstreams, without the cluster DNS's own address", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dns-server-'));
    await writeFile(join(dir, 'resolv.conf'), 'nameserver 10.96.0.10\nnameserver 127.0.0.1\nnameserver 127.0.0.53\n');
    const parsed = dnsOptionsSchema.parse({ listen: ['127.0.0.1'], port: 0, createService: false });
    const server = new DnsServer(parsed, pluginContext(new FakeCatalog()), { loopback: noLoopback, resolvConfPath: join(dir, 'resolv.conf') });
    await server.start();
    try {
      expect(server.upstreams).toEqual([{ address: '127.0.0.53', port: 53 }]);
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('falls back to 127.0.0.1 when the DNS Service IP cannot be added to lo, says so, and creates no Service', async () => {
    const { logger, lines } = capturingLogger();
    const parsed = dnsOptionsSchema.parse({ port: 0, upstream: [] });
    const catalog = clusterServices();
    const denied = new LoopbackAddresses(() => Promise.reject(new Error('RTNETLINK answers: Operation not permitted')), () => false);
    const server = new DnsServer(parsed, pluginContext(catalog, { logger }), { loopback: denied });
    await server.start();
    try {
      expect(server.listenAddresses).toEqual(['127.0.0.1']);
      expect(lines.map((l) => l.msg)).toEqual(
        expect.arrayContaining([
          'cannot add 10.96.0.10 to lo (RTNETLINK answers: Operation not permitted): not listening on it',
          expect.stringMatching(/listens on 127\.0\.0\.1 only/),
          expect.stringMatching(/not creating Service kube-system\/kube-dns/),
        ]),
      );
      expect(records((await queryUdp(server.port, `web.default.svc.${ZONE}`, 'A')).answers)).toEqual([`web.default.svc.${ZONE} A 10.96.5.20`]);
    } finally {
      await server.stop();
    }
  });
});
