import { afterEach, describe, expect, it } from 'vitest';
import { closed, countBy, httpGet, loopbackPrefix, openTcp, startHttpBackend, startProxier, startTcpBackend, type HttpBackend, type TcpBackend } from './proxy-test-kit.ts';
import { endpointInfo, serviceInfo, tcpPort } from '../../test/support/service-info.ts';
import type { EndpointInfo, ServiceInfo } from '../../core/index.ts';

/**
 * Routing through the proxy: real HTTP/TCP servers on distinct 127.x.y.z
 * addresses as endpoints, a ClusterIP that is itself a loopback address
 * (bindClusterIPs off: 127/8 needs no `ip addr`), the catalog changed live.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(endpointCount: number, options: Parameters<typeof startProxier>[0] = {}, kind: 'http' | 'tcp' = 'http') {
  const prefix = loopbackPrefix();
  const clusterIP = `${prefix}.1`;
  const http: HttpBackend[] = [];
  const tcp: TcpBackend[] = [];
  for (let i = 0; i < endpointCount; i++) {
    const ip = `${prefix}.${10 + i}`;
    if (kind === 'http') http.push(await startHttpBackend(ip));
    else tcp.push(await startTcpBackend(ip));
  }
  const backends = kind === 'http' ? http : tcp;
  cleanups.push(async () => {
    await Promise.all(backends.map((b) => b.close()));
  });
  const { catalog, proxier } = await startProxier({ bindClusterIPs: false, ...options });
  cleanups.push(() => proxier.stop());
  const endpoints = (fields: (index: number) => Partial<EndpointInfo> = () => ({})): EndpointInfo[] => backends.map((b, i) => endpointInfo(b.ip, b.port, fields(i)));
  const publish = async (fields: Partial<ServiceInfo>): Promise<void> => {
    catalog.set(serviceInfo({ name: 'web', clusterIP, ports: [tcpPort(80)], endpoints: endpoints(), ...fields }));
    await proxier.idle();
  };
  return { clusterIP, prefix, http, tcp, catalog, proxier, endpoints, publish };
}

async function requests(count: number, host: string, port: number, localAddress?: string): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < count; i++) answers.push(await httpGet(host, port, localAddress));
  return answers;
}

describe('lb/proxy routing', () => {
  it('spreads 300 requests round-robin over 3 endpoints, then over 5 after a scale-up', async () => {
    const { clusterIP, prefix, publish, endpoints } = await setup(5);
    await publish({ endpoints: endpoints().slice(0, 3) });
    const counts = countBy(await requests(300, clusterIP, 80));
    expect(Object.keys(counts).sort()).toEqual([`${prefix}.10`, `${prefix}.11`, `${prefix}.12`]);
    for (const count of Object.values(counts)) expect(count).toBeGreaterThanOrEqual(80), expect(count).toBeLessThanOrEqual(120);

    await publish({ endpoints: endpoints() });
    const spread = countBy(await requests(250, clusterIP, 80));
    expect(Object.keys(spread)).toHaveLength(5);
    for (const count of Object.values(spread)) expect(count).toBeGreaterThanOrEqual(30);
  });

  it('gives no new connection to an endpoint once the catalog says it is unready or terminating', async () => {
    const { clusterIP, prefix, http, publish, endpoints } = await setup(3);
    await publish({});
    await requests(30, clusterIP, 80);
    expect(http.map((b) => b.hits)).toEqual([10, 10, 10]);
    await publish({ endpoints: endpoints((i) => (i === 1 ? { ready: false } : {})) });
    const after = countBy(await requests(60, clusterIP, 80));
    expect(after[`${prefix}.11`]).toBeUndefined();
    expect(after[`${prefix}.10`]).toBe(30);
    await publish({ endpoints: endpoints((i) => (i === 2 ? { ready: false, terminating: true } : {})) });
    const later = countBy(await requests(40, clusterIP, 80));
    expect(later).toEqual({ [`${prefix}.10`]: 20, [`${prefix}.11`]: 20 });
  });

  it('falls back to serving terminating endpoints when none is ready, and refuses when there is none', async () => {
    const { clusterIP, prefix, publish, endpoints } = await setup(2);
    await publish({ endpoints: endpoints((i) => (i === 0 ? { ready: false, serving: true, terminating: true } : { ready: false, serving: false })) });
    expect(countBy(await requests(6, clusterIP, 80))).toEqual({ [`${prefix}.10`]: 6 });
    await publish({ endpoints: [] });
    await expect(httpGet(clusterIP, 80)).rejects.toThrow(/ECONNRESET/);
  });

  it('retries a dead endpoint on another, so no client fails', async () => {
    const { clusterIP, prefix, http, publish } = await setup(3);
    await publish({});
    const dead = http[1];
    if (dead === undefined) throw new Error('no backend');
    await dead.close();
    const answers = await requests(90, clusterIP, 80);
    expect(answers).toHaveLength(90);
    expect(countBy(answers)[`${prefix}.11`]).toBeUndefined();
    expect(http[0]?.hits).toBeGreaterThanOrEqual(30);
    expect(http[2]?.hits).toBeGreaterThanOrEqual(30);
  });

  it('drops no request through a rolling update whose old pods exit before the catalog says so', async () => {
    const { clusterIP, prefix, http, catalog, proxier } = await setup(3);
    let live = [...http];
    const publish = (endpoints: EndpointInfo[]): void => catalog.set(serviceInfo({ name: 'web', clusterIP, ports: [tcpPort(80)], endpoints }));
    publish(live.map((b) => endpointInfo(b.ip, b.port)));
    await proxier.idle();
    let running = true;
    let served = 0;
    const failures: unknown[] = [];
    const clients = Array.from({ length: 4 }, async () => {
      while (running) {
        await httpGet(clusterIP, 80).then(() => served++, (error: unknown) => failures.push(error));
      }
    });
    for (let step = 0; step < 3; step++) {
      const fresh = await startHttpBackend(`${prefix}.${20 + step}`);
      cleanups.push(() => fresh.close());
      const old = live[0];
      if (old === undefined) throw new Error('no backend');
      live = [...live.slice(1), fresh];
      publish([...live, old].map((b) => endpointInfo(b.ip, b.port)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      // the old pod exits while the catalog still lists it as ready: its connects are refused and retried
      await old.stopListening();
      await new Promise((resolve) => setTimeout(resolve, 100));
      publish([...live.map((b) => endpointInfo(b.ip, b.port)), endpointInfo(old.ip, old.port, { ready: false, serving: false, terminating: true })]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      publish(live.map((b) => endpointInfo(b.ip, b.port)));
    }
    running = false;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(50);
    expect(http.map((b) => b.hits).every((hits) => hits > 0)).toBe(true);
  });

  it('keeps a client IP on one endpoint under ClientIP affinity while it stays routable', async () => {
    const { clusterIP, prefix, publish, endpoints } = await setup(3);
    await publish({ sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 60 });
    const clients = [`${prefix}.201`, `${prefix}.202`, `${prefix}.203`, `${prefix}.204`];
    const sticky = new Map<string, string>();
    for (let round = 0; round < 5; round++) {
      for (const client of clients) {
        const answer = await httpGet(clusterIP, 80, client);
        expect(answer).toBe(sticky.get(client) ?? answer);
        sticky.set(client, answer);
      }
    }
    // four clients round-robined over three endpoints: at least two endpoints in use
    expect(new Set(sticky.values()).size).toBeGreaterThanOrEqual(2);
    const first = sticky.get(`${prefix}.201`);
    const index = [10, 11, 12].findIndex((n) => `${prefix}.${n}` === first);
    await publish({ sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 60, endpoints: endpoints((i) => (i === index ? { ready: false } : {})) });
    const moved = await httpGet(clusterIP, 80, `${prefix}.201`);
    expect(moved).not.toBe(first);
    expect(await requests(5, clusterIP, 80, `${prefix}.201`)).toEqual([moved, moved, moved, moved, moved]);
  });

  it('spreads one client over every endpoint without affinity', async () => {
    const { clusterIP, prefix, publish } = await setup(3);
    await publish({});
    expect(Object.keys(countBy(await requests(6, clusterIP, 80, `${prefix}.201`)))).toHaveLength(3);
  });

  it('least-connections sends each new connection to the idle endpoint', async () => {
    const { clusterIP, proxier, publish } = await setup(3, { algorithm: 'least-connections' }, 'tcp');
    await publish({});
    const held = [await openTcp(clusterIP, 80), await openTcp(clusterIP, 80)];
    for (let round = 0; round < 6; round++) {
      const busy = new Set(held.map((c) => c.greeting));
      const next = await openTcp(clusterIP, 80);
      expect(busy.has(next.greeting)).toBe(false);
      // free the endpoint the oldest connection holds: it becomes the idle one
      const oldest = held.shift();
      if (oldest === undefined) throw new Error('nothing held');
      oldest.socket.destroy();
      await closed(oldest.socket);
      await waitFor(() => proxier.portProxy('default', 'web', '')?.activeConnections() === 2);
      held.push(next);
    }
    for (const c of held) c.socket.destroy();
  });

  it('power-of-two-choices never gives a new connection to the most loaded endpoint', async () => {
    const { clusterIP, prefix, tcp, publish, endpoints } = await setup(3, { algorithm: 'power-of-two-choices' }, 'tcp');
    // load the first endpoint with 6 connections while it is the only one
    await publish({ endpoints: endpoints().slice(0, 1) });
    const held: Awaited<ReturnType<typeof openTcp>>[] = [];
    for (let i = 0; i < 6; i++) held.push(await openTcp(clusterIP, 80));
    await publish({});
    // two distinct draws: the loaded one always meets a lighter one until the others reach 6 together
    for (let i = 0; i < 6; i++) {
      const next = await openTcp(clusterIP, 80);
      expect(next.greeting).not.toBe(`${prefix}.10`);
      held.push(next);
    }
    expect(tcp.map((b) => b.open.size)).toEqual([6, expect.any(Number), expect.any(Number)]);
    for (const c of held) c.socket.destroy();
  });
});

async function waitFor(done: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

