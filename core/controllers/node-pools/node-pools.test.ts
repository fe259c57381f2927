import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ApiClient } from '../../client/api-client.ts';
import {
  InstanceNotFoundError,
  ThrottledError,
  type NodeClaimSpec,
  type NodeInstance,
  type NodeProvider,
  type NodeProviderFactory,
} from '../../contracts/node-provider.ts';
import { configSchema } from '../../kernel/config-schema.ts';
import { KernelError } from '../../kernel/errors.ts';
import { prepareNodePools, startNodePools } from './node-pools.ts';

/** A provider whose machines are map entries; it can throttle its first creates. */
class FakeProvider implements NodeProvider {
  readonly name = 'fake';
  readonly capabilities = { registersNodes: true, maxConcurrentCreates: 4, capacityTypes: ['on-demand' as const] };
  started = false;
  constructor(
    readonly machines: Map<string, NodeInstance>,
    private throttleNext = 0,
  ) {}
  instanceTypes(): [] {
    return [];
  }
  async start(): Promise<void> {
    this.started = true;
  }
  async stop(): Promise<void> {
    this.started = false;
  }
  async create(claim: NodeClaimSpec): Promise<{ providerId: string; nodeName: string }> {
    if (this.throttleNext > 0) {
      this.throttleNext--;
      throw new ThrottledError(1);
    }
    const providerId = `fake://${claim.name}`;
    this.machines.set(providerId, { providerId, nodeName: claim.name, pool: claim.pool, instanceType: 't', zone: 'z', capacityType: 'on-demand', createdAt: new Date() });
    return { providerId, nodeName: claim.name };
  }
  async delete(providerId: string): Promise<void> {
    if (!this.machines.delete(providerId)) throw new InstanceNotFoundError(providerId);
  }
  async list(): Promise<NodeInstance[]> {
    return [...this.machines.values()];
  }
}

function fakeFactory(machines = new Map<string, NodeInstance>(), throttle = 0): NodeProviderFactory<{ count: number }> & { providers: FakeProvider[] } {
  const providers: FakeProvider[] = [];
  return {
    name: 'fake',
    optionsSchema: z.object({ count: z.number().int().min(0).default(1) }).strict(),
    initialNodeCount: (options) => options.count,
    create: () => {
      const provider = new FakeProvider(machines, throttle);
      providers.push(provider);
      return provider;
    },
    providers,
  };
}

const pools = (raw: unknown): ReturnType<typeof configSchema.parse>['nodePools'] => configSchema.parse({ nodePools: raw }).nodePools;
const deps = { client: {} as ApiClient, logger: pino({ level: 'silent' }) };
const machine = (nodeName: string, pool: string): NodeInstance => ({ providerId: `fake://${nodeName}`, nodeName, pool, instanceType: 't', zone: 'z', capacityType: 'on-demand', createdAt: new Date() });

describe('prepareNodePools', () => {
  it.each([
    ['an unknown provider', [{ name: 'a', provider: 'nope' }], 'KERNEL_ERR_UNKNOWN_PLUGIN', 'nodePools[0].provider: unknown node provider "nope"; available: fake'],
    ['bad options', [{ name: 'a', provider: 'fake', options: { count: -2 } }], 'KERNEL_ERR_PLUGIN_OPTIONS', 'nodePools[0].options.count: Too small'],
    ['an unknown option', [{ name: 'a', provider: 'fake', options: { cuont: 2 } }], 'KERNEL_ERR_PLUGIN_OPTIONS', 'nodePools[0].options: Unrecognized key: "cuont"'],
    ['a duplicate name', [{ name: 'a', provider: 'fake' }, { name: 'a', provider: 'fake' }], 'KERNEL_ERR_CONFIG_INVALID', 'nodePools[1].name: Duplicate value: "a"'],
    ['min above max', [{ name: 'a', provider: 'fake', min: 3, max: 2 }], 'KERNEL_ERR_CONFIG_INVALID', 'nodePools[0].min: Invalid value: 3: must be less than or equal to max (2)'],
    ['more nodes at start than max', [{ name: 'a', provider: 'fake', max: 2, options: { count: 5 } }], 'KERNEL_ERR_CONFIG_INVALID', 'nodePools[0]: its fake options start 5 nodes, more than max (2)'],
  ])('refuses %s, naming the YAML path', async (_name, raw, code, message) => {
    const error = await prepareNodePools(pools(raw), [fakeFactory()]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KernelError);
    expect((error as KernelError).code).toBe(code);
    expect((error as KernelError).message).toContain(message);
  });

  it('wants max(min, the initial count) nodes', async () => {
    const prepared = await prepareNodePools(pools([{ name: 'a', provider: 'fake', min: 4, options: { count: 2 } }, { name: 'b', provider: 'fake', options: { count: 3 } }]), [fakeFactory()]);
    expect(prepared.map((p) => [p.name, p.desired])).toEqual([['a', 4], ['b', 3]]);
  });
});

describe('startNodePools', () => {
  it('launches the nodes of a new pool, labelled with pool and provider', async () => {
    const factory = fakeFactory();
    const running = await startNodePools(pools([{ name: 'sim', provider: 'fake', options: { count: 3 } }]), [factory], deps);
    expect([...(factory.providers[0]?.machines.values() ?? [])].map((m) => m.nodeName).sort()).toEqual(['sim-0', 'sim-1', 'sim-2']);
    expect(factory.providers[0]?.started).toBe(true);
    await running.stop();
    expect(factory.providers[0]?.started).toBe(false);
  });

  it('keeps what an earlier run left, removes surplus and leftovers of removed pools', async () => {
    const machines = new Map([machine('sim-0', 'sim'), machine('sim-1', 'sim'), machine('sim-2', 'sim'), machine('old-0', 'old')].map((m) => [m.providerId, m]));
    const factory = fakeFactory(machines);
    const running = await startNodePools(pools([{ name: 'sim', provider: 'fake', options: { count: 2 } }]), [factory], deps);
    expect([...machines.values()].map((m) => m.nodeName).sort()).toEqual(['sim-0', 'sim-1']);
    await running.stop();
  });

  it('waits out throttling', async () => {
    const factory = fakeFactory(new Map(), 2);
    const running = await startNodePools(pools([{ name: 'sim', provider: 'fake', options: { count: 1 } }]), [factory], deps);
    expect(factory.providers[0]?.machines.size).toBe(1);
    await running.stop();
  });

  it('reports a provider that fails to start with its pool and stops the ones started', async () => {
    const good = fakeFactory();
    const bad: NodeProviderFactory = {
      name: 'bad',
      optionsSchema: z.object({}),
      create: () => ({
        name: 'bad',
        capabilities: { registersNodes: true, maxConcurrentCreates: 1, capacityTypes: [] },
        start: () => Promise.reject(new Error('no credentials')),
        instanceTypes: () => [],
        create: () => Promise.reject(new Error('never called')),
        delete: () => Promise.resolve(),
        list: () => Promise.resolve([]),
      }),
    };
    const error = await startNodePools(pools([{ name: 'a', provider: 'fake' }, { name: 'b', provider: 'bad' }]), [good, bad], deps).catch((e: unknown) => e);
    expect((error as KernelError).message).toBe('node pool b (nodePools[1]) failed to start: no credentials');
    expect(good.providers[0]?.started).toBe(false);
  });
});
