import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { connect, createServer, type Server } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/e2e/support/eventually.ts';
import { iptablesAvailable } from '../../test/support/iptables.ts';
import { endpointInfo, FakeServiceCatalog, serviceInfo, tcpPort } from '../../test/support/service-info.ts';
import { iptablesUnavailable } from './iptables-command.ts';
import { IptablesProxier } from './iptables-proxier.ts';
import { iptablesOptionsSchema } from './options.ts';

/** Real rules in the host's nat table: root and iptables only; CI must have both. */
const usable = await iptablesAvailable();

const ownRules = (table: string): string[] => execFileSync('iptables', ['-w', '5', '-t', table, '-S'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('KUBERNEL'));
/** Kubernel clusters other test files run meanwhile use chain prefixes KT…-, see test/e2e/support/services.ts: theirs change as they please */
const othersRules = (table: string): string[] =>
  execFileSync('iptables', ['-w', '5', '-t', table, '-S'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l !== '' && !l.includes('KUBERNEL') && !/\bKT[A-Z0-9]*-/.test(l));

/** one TCP exchange: the backend writes its own address and closes */
function ask(ip: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect({ host: ip, port }, () => undefined);
    socket.setTimeout(3000, () => socket.destroy(new Error(`timeout asking ${ip}:${port}`)));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

async function tally(ip: string, port: number, requests: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let i = 0; i < requests; i++) {
    const who = await ask(ip, port);
    seen.set(who, (seen.get(who) ?? 0) + 1);
  }
  return seen;
}

describe.skipIf(!usable)('lb/iptables on this host', () => {
  const prefix = `127.${randomInt(100, 250)}.${randomInt(1, 250)}`;
  const clusterIP = `${prefix}.1`;
  const nodePort = randomInt(30000, 32768);
  const servers: Server[] = [];
  const backends: { ip: string; port: number }[] = [];
  const catalog = new FakeServiceCatalog();
  let proxier: IptablesProxier | undefined;
  let othersBefore: Record<string, string[]> = {};

  const service = (unready: ReadonlySet<string> = new Set()) =>
    serviceInfo({
      name: `iptables-it-${prefix.replaceAll('.', '-')}`,
      type: 'NodePort',
      clusterIP,
      ports: [tcpPort(80, { nodePort })],
      endpoints: backends.map((b) => endpointInfo(b.ip, b.port, { ready: !unready.has(b.ip) })),
    });

  beforeAll(async () => {
    othersBefore = { nat: othersRules('nat'), filter: othersRules('filter') };
    for (const last of [10, 11, 12]) {
      const ip = `${prefix}.${last}`;
      const server = createServer((socket) => socket.end(ip));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: ip, port: 0 }, () => resolve());
      });
      const address = server.address();
      servers.push(server);
      backends.push({ ip, port: typeof address === 'object' && address !== null ? address.port : 0 });
    }
    catalog.set(service());
    proxier = new IptablesProxier({ catalog, network: { nodeAddress: '127.0.0.1' }, logger: pino({ level: 'warn' }), options: iptablesOptionsSchema.parse({}) });
    await proxier.start();
  });

  afterAll(async () => {
    await proxier?.stop();
    for (const server of servers) server.close();
  });

  it('finds this host able to run it, and a host without the tools not', async () => {
    expect(await iptablesUnavailable()).toBeUndefined();
    expect(await iptablesUnavailable({ PATH: '/nonexistent' })).toBe('iptables-restore is not installed');
  });

  it('takes the ready endpoints of ClusterIP:port in turn (round-robin, the default)', async () => {
    expect(ownRules('nat')).toContain('-A OUTPUT -m comment --comment "kubernel service portals" -j KUBERNEL-SERVICES');
    const seen = await tally(clusterIP, 80, 60);
    expect([...seen.keys()].sort()).toEqual(backends.map((b) => b.ip));
    expect([...seen.values()]).toEqual([20, 20, 20]);
  });

  it('reaches the endpoints through the NodePort on 127.0.0.1', async () => {
    const seen = await tally('127.0.0.1', nodePort, 9);
    expect([...seen.keys()].every((ip) => backends.some((b) => b.ip === ip))).toBe(true);
  });

  it('gives an endpoint that turned unready no new connection after the sync', async () => {
    const before = proxier?.syncCount ?? 0;
    catalog.set(service(new Set([`${prefix}.11`])));
    await eventually(() => expect(proxier?.syncCount).toBe(before + 1), 5_000, 10);
    const seen = await tally(clusterIP, 80, 30);
    expect(seen.has(`${prefix}.11`)).toBe(false);
    expect([...seen.keys()].sort()).toEqual([`${prefix}.10`, `${prefix}.12`]);
  });

  it('refuses connections at once when no endpoint is left', async () => {
    catalog.set(service(new Set(backends.map((b) => b.ip))));
    await proxier?.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(ask(clusterIP, 80)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('stop() leaves no KUBERNEL chain or jump and touches no other rule', async () => {
    await proxier?.stop();
    proxier = undefined;
    expect(ownRules('nat')).toEqual([]);
    expect(ownRules('filter')).toEqual([]);
    expect({ nat: othersRules('nat'), filter: othersRules('filter') }).toEqual(othersBefore);
  });
});
