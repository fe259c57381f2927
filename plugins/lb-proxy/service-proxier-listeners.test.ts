import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, isListening } from '../../test/bench/support/ports.ts';
import { closed, httpGet, loopbackPrefix, openTcp, startHttpBackend, startProxier, startTcpBackend } from './proxy-test-kit.ts';
import { endpointInfo, serviceInfo, tcpPort } from '../../test/support/service-info.ts';

/** Listeners, addresses and connection lifetimes of the proxy, with real sockets. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function onLo(ip: string): boolean {
  return execFileSync('ip', ['-o', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' }).includes(` ${ip}/32 `);
}

describe('lb/proxy listeners', () => {
  it('serves a NodePort Service on the node address, and no NodePort when nodePorts is off', async () => {
    const prefix = loopbackPrefix();
    const backend = await startHttpBackend(`${prefix}.10`);
    cleanups.push(() => backend.close());
    const nodePort = await freePort();
    const service = serviceInfo({ name: 'np', type: 'NodePort', clusterIP: `${prefix}.1`, ports: [tcpPort(80, { nodePort })], endpoints: [endpointInfo(backend.ip, backend.port)] });
    const { catalog, proxier } = await startProxier({ bindClusterIPs: false });
    cleanups.push(() => proxier.stop());
    catalog.set(service);
    await proxier.idle();
    expect(await httpGet('127.0.0.1', nodePort)).toBe(backend.ip);
    expect(await httpGet(`${prefix}.1`, 80)).toBe(backend.ip);
    await proxier.stop();
    expect(await isListening('127.0.0.1', nodePort)).toBe(false);

    const off = await startProxier({ bindClusterIPs: false, nodePorts: false });
    cleanups.push(() => off.proxier.stop());
    off.catalog.set(service);
    await off.proxier.idle();
    expect(await httpGet(`${prefix}.1`, 80)).toBe(backend.ip);
    expect(await isListening('127.0.0.1', nodePort)).toBe(false);
  });

  it('adds a ClusterIP to lo, serves it, and removes it when the Service goes', async () => {
    const clusterIP = `10.97.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    const backend = await startHttpBackend(`${loopbackPrefix()}.10`);
    cleanups.push(() => backend.close());
    const { catalog, proxier } = await startProxier({});
    cleanups.push(async () => {
      await proxier.stop();
      if (onLo(clusterIP)) execFileSync('ip', ['addr', 'del', `${clusterIP}/32`, 'dev', 'lo']);
    });
    catalog.set(serviceInfo({ name: 'cip', clusterIP, ports: [tcpPort(8080)], endpoints: [endpointInfo(backend.ip, backend.port)] }));
    await proxier.idle();
    expect(onLo(clusterIP)).toBe(true);
    expect(await httpGet(clusterIP, 8080)).toBe(backend.ip);
    catalog.delete('default', 'cip');
    await proxier.idle();
    expect(onLo(clusterIP)).toBe(false);
    expect(proxier.listening()).toEqual([]);
  });

  it('takes the ClusterIP off lo when the proxy stops', async () => {
    const clusterIP = `10.97.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    const { catalog, proxier } = await startProxier({});
    cleanups.push(async () => {
      if (onLo(clusterIP)) execFileSync('ip', ['addr', 'del', `${clusterIP}/32`, 'dev', 'lo']);
    });
    catalog.set(serviceInfo({ name: 'cip', clusterIP, ports: [tcpPort(81)] }));
    await proxier.idle();
    expect(onLo(clusterIP)).toBe(true);
    await proxier.stop();
    expect(onLo(clusterIP)).toBe(false);
  });

  it('rebinds when a port changes and closes listeners of removed ports and deleted Services', async () => {
    const prefix = loopbackPrefix();
    const backend = await startHttpBackend(`${prefix}.10`);
    cleanups.push(() => backend.close());
    const { catalog, proxier } = await startProxier({ bindClusterIPs: false });
    cleanups.push(() => proxier.stop());
    const endpoint = endpointInfo(backend.ip, backend.port, { ports: new Map([['a', backend.port], ['b', backend.port]]) });
    const publish = async (ports: ReturnType<typeof tcpPort>[]): Promise<void> => {
      catalog.set(serviceInfo({ name: 'multi', clusterIP: `${prefix}.1`, ports, endpoints: [endpoint] }));
      await proxier.idle();
    };
    await publish([tcpPort(81, { name: 'a' }), tcpPort(82, { name: 'b' })]);
    expect(proxier.listening().sort()).toEqual([`${prefix}.1:81`, `${prefix}.1:82`]);
    expect(await httpGet(`${prefix}.1`, 82)).toBe(backend.ip);
    await publish([tcpPort(83, { name: 'a' })]);
    expect(proxier.listening()).toEqual([`${prefix}.1:83`]);
    expect(await isListening(`${prefix}.1`, 81)).toBe(false);
    expect(await isListening(`${prefix}.1`, 82)).toBe(false);
    expect(await httpGet(`${prefix}.1`, 83)).toBe(backend.ip);
    // a UDP port is not proxied
    await publish([tcpPort(83, { name: 'a' }), tcpPort(53, { name: 'b', protocol: 'UDP' })]);
    expect(proxier.listening()).toEqual([`${prefix}.1:83`]);
    catalog.delete('default', 'multi');
    await proxier.idle();
    expect(await isListening(`${prefix}.1`, 83)).toBe(false);
  });

  it('leaves a ClusterIP alone whose own address is the endpoint (kube-dns served by discovery/dns)', async () => {
    const prefix = loopbackPrefix();
    const server = await startTcpBackend(`${prefix}.1`);
    cleanups.push(() => server.close());
    const { catalog, proxier } = await startProxier({ bindClusterIPs: false });
    cleanups.push(() => proxier.stop());
    catalog.set(serviceInfo({ name: 'dns', clusterIP: `${prefix}.1`, ports: [tcpPort(server.port)], endpoints: [endpointInfo(server.ip, server.port)] }));
    await proxier.idle();
    expect(proxier.listening()).toEqual([]);
    expect((await openTcp(`${prefix}.1`, server.port)).greeting).toBe(`${prefix}.1`);
  });

  it('passes a half-close on and carries a large transfer intact', async () => {
    const prefix = loopbackPrefix();
    const backend = await startTcpBackend(`${prefix}.10`);
    cleanups.push(() => backend.close());
    const { catalog, proxier } = await startProxier({ bindClusterIPs: false });
    cleanups.push(() => proxier.stop());
    catalog.set(serviceInfo({ name: 'echo', clusterIP: `${prefix}.1`, ports: [tcpPort(80)], endpoints: [endpointInfo(backend.ip, backend.port)] }));
    await proxier.idle();

    const payload = randomBytes(8 * 1024 * 1024);
    const socket = connect({ host: `${prefix}.1`, port: 80, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.end(payload);
    await closed(socket);
    const received = Buffer.concat(chunks);
    const greeting = Buffer.from(`${backend.ip}\n`);
    // greeting, the echo of every byte, then `bye` sent after the FIN reached the backend
    expect(received.length).toBe(greeting.length + payload.length + 3);
    expect(received.subarray(greeting.length, greeting.length + payload.length).equals(payload)).toBe(true);
    expect(received.subarray(received.length - 3).toString()).toBe('bye');
  });

  it('lets connections to a terminating endpoint drain, and closes those of a removed endpoint after the grace', async () => {
    const prefix = loopbackPrefix();
    const backends = [await startTcpBackend(`${prefix}.10`), await startTcpBackend(`${prefix}.11`)];
    cleanups.push(async () => {
      await Promise.all(backends.map((b) => b.close()));
    });
    const { catalog, proxier } = await startProxier({ bindClusterIPs: false, removedEndpointGraceSeconds: 1 });
    cleanups.push(() => proxier.stop());
    const publish = (endpoints: ReturnType<typeof endpointInfo>[]): void =>
      catalog.set(serviceInfo({ name: 'echo', clusterIP: `${prefix}.1`, ports: [tcpPort(80)], endpoints }));
    publish(backends.map((b) => endpointInfo(b.ip, b.port)));
    await proxier.idle();
    const first = await openTcp(`${prefix}.1`, 80);
    const second = await openTcp(`${prefix}.1`, 80);
    expect([first.greeting, second.greeting].sort()).toEqual([`${prefix}.10`, `${prefix}.11`]);
    const [onTen, onEleven] = first.greeting === `${prefix}.10` ? [first, second] : [second, first];

    // .10 terminates, .11 is removed from the Service
    publish([endpointInfo(`${prefix}.10`, backends[0]?.port ?? 0, { ready: false, terminating: true, serving: true })]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    let tenEnded = false;
    void onTen.ended.then(() => (tenEnded = true));
    // still open 300 ms after the removal: ends only when the 1 s grace runs out
    const waitingSince = Date.now();
    await onEleven.ended;
    expect(Date.now() - waitingSince).toBeGreaterThan(400);
    onTen.socket.write('still here\n');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tenEnded).toBe(false);
    expect(onTen.received()).toContain('still here');
    onTen.socket.destroy();
  });
});
