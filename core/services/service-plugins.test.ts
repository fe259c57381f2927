import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { KubeList, KubeObject } from '../api/types/meta.ts';
import type { ApiClient, WatchSubscription } from '../client/api-client.ts';
import { discoveryProviders, loadBalancers, type ServiceNetwork, type ServicePluginContext } from '../contracts/discovery.ts';
import { configSchema } from '../kernel/config-schema.ts';
import { KernelError } from '../kernel/errors.ts';
import { Kernel } from '../kernel/kernel.ts';
import { describeFactory, startServicePlugins } from './service-plugins.ts';

const logger = pino({ level: 'silent' });
const network: ServiceNetwork = {
  clusterIPRange: '10.96.0.0/16',
  dnsServiceIP: '10.96.0.10',
  nodePortRange: { first: 30000, last: 32767 },
  clusterDomain: 'cluster.local',
  nodeAddress: '127.0.0.1',
};

/** An empty cluster: lists return nothing, watches stay open until closed; counts open watches. */
class EmptyCluster implements ApiClient {
  openWatches = 0;
  async list<T extends KubeObject>(): Promise<KubeList<T>> {
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items: [] };
  }
  async watch(): Promise<WatchSubscription> {
    this.openWatches++;
    let end: (value: undefined) => void = () => {};
    const done = new Promise<undefined>((resolve) => (end = resolve));
    return {
      done,
      close: () => {
        this.openWatches--;
        end(undefined);
      },
    };
  }
  get(): never {
    throw new Error('not in this fake');
  }
  create(): never {
    throw new Error('not in this fake');
  }
  update(): never {
    throw new Error('not in this fake');
  }
  patch(): never {
    throw new Error('not in this fake');
  }
  delete(): never {
    throw new Error('not in this fake');
  }
  createSubresource(): never {
    throw new Error('not in this fake');
  }
}

interface Recorder {
  events: string[];
  contexts: ServicePluginContext[];
  options: unknown[];
}

interface FactorySpec {
  point: 'discovery' | 'lb';
  name: string;
  failStart?: boolean;
  failCreate?: boolean;
  /** a load balancer this host cannot run, and why */
  unavailable?: string;
}

function kernelWith(factories: FactorySpec[], recorder: Recorder): Kernel {
  const kernel = new Kernel({ config: configSchema.parse({}), configDir: '.', catalog: {}, logger });
  for (const f of factories) {
    const factory = {
      name: f.name,
      optionsSchema: { '~standard': { version: 1 as const, vendor: 'test', validate: () => ({ issues: [{ message: 'must not be called' }] }) } },
      unavailable: async () => f.unavailable,
      create: (options: unknown, context: ServicePluginContext) => {
        if (f.failCreate === true) throw new Error('bad wiring');
        recorder.options.push(options);
        recorder.contexts.push(context);
        return {
          start: async () => {
            recorder.events.push(`start ${f.name}`);
            if (f.failStart === true) throw new Error('port 53 in use');
          },
          stop: async () => {
            recorder.events.push(`stop ${f.name}`);
          },
        };
      },
    };
    if (f.point === 'discovery') kernel.contribute(discoveryProviders, factory, f.name);
    else kernel.contribute(loadBalancers, factory, f.name);
  }
  return kernel;
}

const recorder = (): Recorder => ({ events: [], contexts: [], options: [] });

describe('startServicePlugins', () => {
  it('does nothing, and watches nothing, when no plugin offers discovery or load balancing', async () => {
    const client = new EmptyCluster();
    const running = await startServicePlugins({ contributions: (p) => kernelWith([], recorder()).contributionsTo(p), client, network, logger });
    expect(running.catalog).toBeUndefined();
    expect(client.openWatches).toBe(0);
    await running.stop();
  });

  it('starts discovery then load balancers on one synced catalog, and stops them newest first, then the catalog', async () => {
    const client = new EmptyCluster();
    const rec = recorder();
    const kernel = kernelWith(
      [
        { point: 'lb', name: 'proxy' },
        { point: 'discovery', name: 'dns' },
      ],
      rec,
    );
    const running = await startServicePlugins({ contributions: (p) => kernel.contributionsTo(p), client, network, logger });
    expect(running.started).toEqual(['dns', 'proxy']);
    expect(rec.events).toEqual(['start dns', 'start proxy']);
    expect(rec.options).toEqual([undefined, undefined]);
    expect(rec.contexts[0]?.catalog).toBe(running.catalog);
    expect(rec.contexts[1]?.catalog).toBe(running.catalog);
    expect(rec.contexts[0]?.network).toBe(network);
    expect(rec.contexts[0]?.client).toBe(client);
    expect(client.openWatches).toBe(2);

    await running.stop();
    expect(rec.events.slice(2)).toEqual(['stop proxy', 'stop dns']);
    expect(client.openWatches).toBe(0);
  });

  it.each([
    ['start', { failStart: true }, 'plugin lb/proxy (load balancer "proxy") failed to start: port 53 in use', ['start dns', 'start proxy', 'stop proxy', 'stop dns']],
    ['create', { failCreate: true }, 'plugin lb/proxy (load balancer "proxy") failed to start: bad wiring', ['start dns', 'stop dns']],
  ])('a plugin failing at %s is a KernelError naming it, and what started is stopped', async (_when, failure, message, events) => {
    const client = new EmptyCluster();
    const rec = recorder();
    const kernel = kernelWith(
      [
        { point: 'discovery', name: 'dns' },
        { point: 'lb', name: 'proxy', ...failure },
      ],
      rec,
    );
    const pluginNames = ['discovery/dns', 'lb/proxy'];
    const started = startServicePlugins({ contributions: (p) => kernel.contributionsTo(p), pluginNames, client, network, logger });
    await expect(started).rejects.toThrow(KernelError);
    await expect(started).rejects.toThrow(message);
    expect(rec.events).toEqual(events);
    expect(client.openWatches).toBe(0);
  });
});

describe('choosing the load balancer', () => {
  const start = (factories: FactorySpec[], rec: Recorder, client = new EmptyCluster()) => {
    const kernel = kernelWith(factories, rec);
    return startServicePlugins({ contributions: (p) => kernel.contributionsTo(p), pluginNames: ['lb/iptables', 'lb/proxy'], client, network, logger });
  };

  it('runs the first one listed that this host can run, and only that one', async () => {
    const rec = recorder();
    const running = await start(
      [
        { point: 'lb', name: 'iptables' },
        { point: 'lb', name: 'proxy' },
      ],
      rec,
    );
    expect(running.started).toEqual(['iptables']);
    expect(running.unavailable).toEqual([]);
    expect(rec.events).toEqual(['start iptables']);
    await running.stop();
  });

  it('passes over the ones this host cannot run, saying why', async () => {
    const rec = recorder();
    const running = await start(
      [
        { point: 'discovery', name: 'dns' },
        { point: 'lb', name: 'iptables', unavailable: 'needs root' },
        { point: 'lb', name: 'proxy' },
      ],
      rec,
    );
    expect(running.started).toEqual(['dns', 'proxy']);
    expect(running.unavailable).toEqual([{ name: 'iptables', reason: 'needs root' }]);
    expect(rec.events).toEqual(['start dns', 'start proxy']);
    await running.stop();
  });

  it('stops start-up, watching nothing, when none listed can run, with every reason', async () => {
    const client = new EmptyCluster();
    const rec = recorder();
    const started = start([{ point: 'lb', name: 'iptables', unavailable: 'iptables is not installed' }], rec, client);
    await expect(started).rejects.toThrow(KernelError);
    await expect(started).rejects.toThrow('no load balancer listed can run on this host: plugin lb/iptables (load balancer "iptables"): iptables is not installed');
    expect(rec.events).toEqual([]);
    expect(client.openWatches).toBe(0);
  });
});

describe('describeFactory', () => {
  it.each<[Parameters<typeof describeFactory>[0], string, string[], string]>([
    ['load balancer', 'proxy', ['lb/proxy'], 'plugin lb/proxy (load balancer "proxy")'],
    ['discovery provider', 'dns', ['discovery/dns', 'lb/proxy'], 'plugin discovery/dns (discovery provider "dns")'],
    ['load balancer', 'acme/lb', ['acme/lb'], 'plugin acme/lb (load balancer)'],
    ['load balancer', 'ipvs', ['lb/proxy'], 'load balancer "ipvs"'],
  ])('%s %s among %j', (role, name, plugins, expected) => {
    expect(describeFactory(role, name, plugins)).toBe(expected);
  });
});
