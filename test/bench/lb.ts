import { fork, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { iptablesUnavailable } from '../../plugins/lb-iptables/iptables-command.ts';
import { IptablesProxier } from '../../plugins/lb-iptables/iptables-proxier.ts';
import { iptablesOptionsSchema } from '../../plugins/lb-iptables/options.ts';
import { proxyOptionsSchema } from '../../plugins/lb-proxy/options.ts';
import { ServiceProxier } from '../../plugins/lb-proxy/service-proxier.ts';
import { endpointInfo, FakeServiceCatalog, serviceInfo, tcpPort } from '../support/service-info.ts';
import { Deadline } from './support/deadline.ts';
import { runLoad, type LoadResult } from './support/load.ts';
import { summarize } from './support/percentiles.ts';
import { progress, round } from './support/progress.ts';
import { loadAverage1m, ServerCpu } from './support/server-usage.ts';

const PLAN = {
  requests: 20_000,
  /**
   * the loaded phases alternate direct and each balancer in this many rounds of 2,000 requests, the order
   * rotating every round, so a busy neighbour (and what one phase leaves behind for the next) weighs on all alike
   */
  rounds: 10,
  warmup: 1_000,
  concurrency: 32,
  /** then one client at a time: latency without queueing, the proxy's own share */
  serialRequests: 2_000,
  /** no phase runs longer than this; a cut phase makes the line `complete: false` */
  phaseCapMs: 60_000,
  totalMs: 300_000,
  servicePort: 80,
} as const;

const ROLE_ENV = 'KUBERNEL_LB_BENCH_ROLE';
const BODY = 'x'.repeat(64);

interface Backend {
  ip: string;
  port: number;
}

/** A role of this file's own child processes, so the proxy and the backends each have an event loop (a core) of their own. */
type ChildRole = 'backends' | 'proxy';

type FromChild = { ready: true; backends?: Backend[]; clusterIP?: string; clusterIPOnLo?: boolean };

interface Phase {
  latenciesMs: number[];
  elapsedMs: number;
  done: number;
}

const emptyPhase = (): Phase => ({ latenciesMs: [], elapsedMs: 0, done: 0 });

function add(phase: Phase, result: LoadResult): void {
  for (const latency of result.latenciesMs) phase.latenciesMs.push(latency);
  phase.elapsedMs += result.elapsedMs;
  phase.done += result.done;
}

type Via = 'direct' | 'proxy' | 'iptables';
type Balancer = Exclude<Via, 'direct'>;

/**
 * `lb`: HTTP GETs (64-byte answers) from 32 concurrent clients to 3 backend
 * servers on 127.a.b.{10,11,12}, (a) directly, the client choosing the
 * backend round-robin, and (b) through lb/proxy's ClusterIP listener (the
 * ClusterIP added to `lo`); each with a new connection per request (what
 * the proxy pays per connection: accept, connect, two pipes) and with
 * keep-alive (the proxy only copies bytes). The proxy is the plugin's
 * ServiceProxier in a child process with a catalog test double (no control
 * plane); the backends are another child process; the load generator is
 * this process. (c) through lb/iptables: its rules (DNAT in nat OUTPUT) for
 * a ClusterIP on 127.a.b.2 → the same 3 backends, installed by this process
 * with the same catalog double; no process in the data path. Needs root and
 * iptables; without them the iptables figures are null.
 * Targets, for the default load balancer (the one kubernel.yaml runs on this
 * host: lb/iptables where it can run, else lb/proxy; the `default*`
 * figures): throughput ≥ 80% of direct, p99 added ≤ 1 ms.
 */
export async function run(): Promise<Record<string, unknown>> {
  const deadline = new Deadline(PLAN.totalMs);
  const loadAvg1mAtStart = loadAverage1m();
  const prefix = `127.${randomInt(100, 250)}.${randomInt(1, 250)}`;
  const backendsChild = await startChild('backends', { prefix });
  const backends = backendsChild.message.backends ?? [];
  const clusterIP = `10.${96 + randomInt(16)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const proxyChild = await startChild('proxy', { clusterIP, fallbackClusterIP: `${prefix}.1`, backends });
  const serviceIP = proxyChild.message.clusterIP ?? clusterIP;
  const iptablesIP = `${prefix}.2`;
  const iptables = await startIptables(iptablesIP, backends);
  const vias: Via[] = iptables.proxier === undefined ? ['direct', 'proxy'] : ['direct', 'proxy', 'iptables'];
  // Each way connects from an address of its own. From one address, a DNATed connection and a direct one can
  // reach a backend with the same ports while the other's TIME_WAIT is still there: the SYN then meets it and is
  // retried a second later, an artefact of one client using both ways at 10,000 connections a second.
  const clientAddress: Record<Via, string> = { direct: `${prefix}.20`, proxy: `${prefix}.21`, iptables: `${prefix}.22` };
  try {
    const figures: Record<string, number | null> = {};
    let complete = true;
    for (const keepAlive of [false, true]) {
      const mode = keepAlive ? 'keepAlive' : 'newConn';
      const agent = (): Agent | false => (keepAlive ? new Agent({ keepAlive: true, maxSockets: PLAN.concurrency }) : false);
      const agents: Record<Via, Agent | false> = { direct: agent(), proxy: agent(), iptables: agent() };
      const op =
        (via: Via) =>
        (i: number): Promise<void> =>
          get(
            via === 'proxy' ? { ip: serviceIP, port: PLAN.servicePort } : via === 'iptables' ? { ip: iptablesIP, port: PLAN.servicePort } : (backends[i % backends.length] ?? { ip: '', port: 0 }),
            agents[via],
            clientAddress[via],
          );
      const load = (via: Via, count: number, concurrency: number): Promise<LoadResult> =>
        runLoad({ count, concurrency, timeLimitMs: deadline.budget(PLAN.phaseCapMs), op: op(via) });
      progress(`lb: ${mode}: warm-up, ${PLAN.requests} requests each way from ${PLAN.concurrency} clients in ${PLAN.rounds} rounds, then ${PLAN.serialRequests} from one`);
      for (const via of vias) await load(via, PLAN.warmup, PLAN.concurrency);
      const loaded = { direct: emptyPhase(), proxy: emptyPhase(), iptables: emptyPhase() };
      const proxyCpu = new ServerCpu(proxyChild.pid);
      let proxyCpuMs = 0;
      for (let round = 0; round < PLAN.rounds; round++) {
        for (const via of [...vias.slice(round % vias.length), ...vias.slice(0, round % vias.length)]) {
          if (via === 'proxy') await proxyCpu.start();
          add(loaded[via], await load(via, PLAN.requests / PLAN.rounds, PLAN.concurrency));
          if (via === 'proxy') proxyCpuMs += (await proxyCpu.usedMs()) ?? Number.NaN;
        }
      }
      const serial = { direct: emptyPhase(), proxy: emptyPhase(), iptables: emptyPhase() };
      for (const via of vias) add(serial[via], await load(via, PLAN.serialRequests, 1));
      for (const agent of Object.values(agents)) if (agent !== false) agent.destroy();
      complete &&= loaded.direct.done === PLAN.requests && loaded.proxy.done === PLAN.requests && serial.proxy.done === PLAN.serialRequests;
      if (vias.includes('iptables')) complete &&= loaded.iptables.done === PLAN.requests && serial.iptables.done === PLAN.serialRequests;
      Object.assign(figures, figuresOf(mode, loaded, serial, (proxyCpuMs * 1000) / loaded.proxy.done));
      Object.assign(figures, vias.includes('iptables') ? balancerFigures(mode, 'iptables', loaded, serial) : {});
    }
    const defaultBalancer: Balancer = vias.includes('iptables') ? 'iptables' : 'proxy';
    return {
      defaultLoadBalancer: `lb/${defaultBalancer}`,
      ...defaultFigures(defaultBalancer, figures),
      proxy: 'lb/proxy ServiceProxier in a child process, catalog test double (no control plane), round-robin',
      clusterIP: serviceIP,
      clusterIPOnLo: proxyChild.message.clusterIPOnLo ?? false,
      iptables: iptables.proxier === undefined ? `lb/iptables skipped: ${iptables.skipped ?? ''}` : 'lb/iptables rules (nat OUTPUT DNAT, round-robin: statistic nth) installed by the load generator',
      iptablesClusterIP: iptablesIP,
      requests: PLAN.requests,
      concurrency: PLAN.concurrency,
      serialRequests: PLAN.serialRequests,
      complete,
      ...figures,
      targets: { throughputRatio: 0.8, addedP99Ms: 1 },
      loadAvg1mAtStart,
      loadAvg1mAtEnd: loadAverage1m(),
    };
  } finally {
    await Promise.all([proxyChild.stop(), backendsChild.stop(), iptables.proxier?.stop()]);
  }
}

function figuresOf(mode: string, loaded: Record<Via, Phase>, serial: Record<Via, Phase>, proxyCpuUsPerRequest: number): Record<string, number | null> {
  const rps = (phase: Phase): number => (phase.done * 1000) / phase.elapsedMs;
  const [d, p] = [summarize(loaded.direct.latenciesMs), summarize(loaded.proxy.latenciesMs)];
  const [sd, sp] = [summarize(serial.direct.latenciesMs), summarize(serial.proxy.latenciesMs)];
  return {
    [`${mode}DirectRps`]: round(rps(loaded.direct)),
    [`${mode}ProxyRps`]: round(rps(loaded.proxy)),
    [`${mode}Ratio`]: round(rps(loaded.proxy) / rps(loaded.direct)),
    [`${mode}DirectP50Ms`]: round(d.p50),
    [`${mode}DirectP99Ms`]: round(d.p99),
    [`${mode}ProxyP50Ms`]: round(p.p50),
    [`${mode}ProxyP99Ms`]: round(p.p99),
    [`${mode}AddedP99Ms`]: round(p.p99 - d.p99),
    [`${mode}SerialDirectP50Ms`]: round(sd.p50),
    [`${mode}SerialDirectP99Ms`]: round(sd.p99),
    [`${mode}SerialProxyP50Ms`]: round(sp.p50),
    [`${mode}SerialProxyP99Ms`]: round(sp.p99),
    [`${mode}SerialAddedP99Ms`]: round(sp.p99 - sd.p99),
    [`${mode}ProxyCpuUsPerRequest`]: Number.isFinite(proxyCpuUsPerRequest) ? round(proxyCpuUsPerRequest) : null,
  };
}

/** the target figures of the load balancer kubernel.yaml runs here, under names that do not depend on which it is */
function defaultFigures(balancer: Balancer, figures: Record<string, number | null>): Record<string, number | null> {
  const name = balancer === 'iptables' ? 'Iptables' : '';
  const out: Record<string, number | null> = {};
  for (const mode of ['newConn', 'keepAlive']) {
    const prefix = `default${mode[0]?.toUpperCase() ?? ''}${mode.slice(1)}`;
    out[`${prefix}Ratio`] = figures[`${mode}${name}Ratio`] ?? null;
    out[`${prefix}AddedP99Ms`] = figures[`${mode}${name}AddedP99Ms`] ?? null;
    out[`${prefix}SerialAddedP99Ms`] = figures[`${mode}Serial${name}AddedP99Ms`] ?? null;
  }
  return out;
}

/** the per-LB figures for lb/iptables (lb/proxy keeps its historical `Proxy` names, above) */
function balancerFigures(mode: string, via: Balancer, loaded: Record<Via, Phase>, serial: Record<Via, Phase>): Record<string, number | null> {
  const rps = (phase: Phase): number => (phase.done * 1000) / phase.elapsedMs;
  const name = via === 'iptables' ? 'Iptables' : 'Proxy';
  const [d, p] = [summarize(loaded.direct.latenciesMs), summarize(loaded[via].latenciesMs)];
  const [sd, sp] = [summarize(serial.direct.latenciesMs), summarize(serial[via].latenciesMs)];
  return {
    [`${mode}${name}Rps`]: round(rps(loaded[via])),
    [`${mode}${name}Ratio`]: round(rps(loaded[via]) / rps(loaded.direct)),
    [`${mode}${name}P50Ms`]: round(p.p50),
    [`${mode}${name}P99Ms`]: round(p.p99),
    [`${mode}${name}AddedP99Ms`]: round(p.p99 - d.p99),
    [`${mode}Serial${name}P50Ms`]: round(sp.p50),
    [`${mode}Serial${name}P99Ms`]: round(sp.p99),
    [`${mode}Serial${name}AddedP99Ms`]: round(sp.p99 - sd.p99),
  };
}

/** lb/iptables' rules for a ClusterIP → the backends, or why not (not root, no iptables) */
async function startIptables(clusterIP: string, backends: Backend[]): Promise<{ proxier?: IptablesProxier; skipped?: string }> {
  const unavailable = await iptablesUnavailable();
  if (unavailable !== undefined) return { skipped: unavailable };
  const catalog = new FakeServiceCatalog();
  catalog.set(serviceInfo({ name: 'bench-iptables', clusterIP, ports: [tcpPort(PLAN.servicePort)], endpoints: backends.map((b) => endpointInfo(b.ip, b.port)) }));
  const proxier = new IptablesProxier({ catalog, network: { nodeAddress: '127.0.0.1' }, logger: pino({ level: 'warn' }, pino.destination(2)), options: iptablesOptionsSchema.parse({ nodePorts: false, chainPrefix: 'KBENCH' }) });
  try {
    await proxier.start();
    return { proxier };
  } catch (error) {
    await proxier.stop().catch(() => undefined);
    return { skipped: error instanceof Error ? error.message : String(error) };
  }
}

function get(target: Backend, agent: Agent | false, localAddress: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: target.ip, port: target.port, path: '/', agent, localAddress }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode ?? 0}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface Child {
  pid: number;
  message: FromChild;
  stop(): Promise<void>;
}

async function startChild(role: ChildRole, setup: Record<string, unknown>): Promise<Child> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    // e.g. KUBERNEL_BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the proxy
    execArgv: ['--import', 'tsx', ...(role === 'proxy' ? (process.env['KUBERNEL_BENCH_SERVER_NODE_ARGS'] ?? '').split(/\s+/).filter((a) => a !== '') : [])],
    env: { ...process.env, [ROLE_ENV]: role },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const message = await new Promise<FromChild>((resolve, reject) => {
    child.once('message', (m) => (isReady(m) ? resolve(m) : reject(new Error(`lb: ${role} child said ${JSON.stringify(m)}`))));
    child.once('exit', (code) => reject(new Error(`lb: ${role} child exited with ${code ?? 'a signal'}`)));
    child.send(setup);
  });
  return {
    pid: child.pid ?? 0,
    message,
    stop: async () => {
      // the child cleans up (the proxy takes its ClusterIP off lo) when its channel closes
      child.disconnect();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
      process.off('exit', killOnExit);
    },
  };
}

function isReady(value: unknown): value is FromChild {
  return typeof value === 'object' && value !== null && 'ready' in value && value.ready === true;
}

// ---- the child processes ----

async function serveBackends(setup: { prefix: string }): Promise<FromChild> {
  const backends: Backend[] = [];
  for (const last of [10, 11, 12]) {
    const ip = `${setup.prefix}.${last}`;
    const server = createServer((_req, res) => res.end(BODY));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: ip, port: 0, backlog: 4096 }, () => resolve());
    });
    const address = server.address();
    backends.push({ ip, port: typeof address === 'object' && address !== null ? address.port : 0 });
  }
  return { ready: true, backends };
}

async function serveProxy(setup: { clusterIP: string; fallbackClusterIP: string; backends: Backend[] }): Promise<{ message: FromChild; stop: () => Promise<void> }> {
  const start = async (clusterIP: string, bindClusterIPs: boolean): Promise<ServiceProxier> => {
    const catalog = new FakeServiceCatalog();
    catalog.set(serviceInfo({ name: 'bench', clusterIP, ports: [tcpPort(PLAN.servicePort)], endpoints: setup.backends.map((b) => endpointInfo(b.ip, b.port)) }));
    const proxier = new ServiceProxier({ catalog, network: { nodeAddress: '127.0.0.1' }, logger: pino({ level: 'warn' }, pino.destination(2)), options: proxyOptionsSchema.parse({ bindClusterIPs }) });
    await proxier.start();
    return proxier;
  };
  let proxier = await start(setup.clusterIP, true);
  if (proxier.listening().length > 0) return { message: { ready: true, clusterIP: setup.clusterIP, clusterIPOnLo: true }, stop: () => proxier.stop() };
  // not root: a loopback address stands in for the ClusterIP
  await proxier.stop();
  proxier = await start(setup.fallbackClusterIP, false);
  return { message: { ready: true, clusterIP: setup.fallbackClusterIP, clusterIPOnLo: false }, stop: () => proxier.stop() };
}

async function childMain(role: string): Promise<void> {
  const setup = await new Promise<unknown>((resolve) => process.once('message', resolve));
  if (typeof setup !== 'object' || setup === null) throw new Error('lb child: no setup');
  let stop = async (): Promise<void> => {};
  if (role === 'backends' && 'prefix' in setup && typeof setup.prefix === 'string') {
    process.send?.(await serveBackends({ prefix: setup.prefix }));
  } else if (role === 'proxy' && 'clusterIP' in setup && 'fallbackClusterIP' in setup && 'backends' in setup && Array.isArray(setup.backends)) {
    const proxy = await serveProxy({ clusterIP: String(setup.clusterIP), fallbackClusterIP: String(setup.fallbackClusterIP), backends: setup.backends.filter(isBackend) });
    stop = proxy.stop;
    process.send?.(proxy.message);
  } else {
    throw new Error(`lb child: unknown role ${role}`);
  }
  process.once('disconnect', () => void stop().finally(() => process.exit(0)));
}

function isBackend(value: unknown): value is Backend {
  return typeof value === 'object' && value !== null && 'ip' in value && typeof value.ip === 'string' && 'port' in value && typeof value.port === 'number';
}

const role = process.env[ROLE_ENV];
if (role !== undefined) await childMain(role);
