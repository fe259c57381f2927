import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { NodePoolObject } from '../../../api/kinds/nodepool/types.ts';
import type { NodeProvider, NodeProviderFactory } from '../../../contracts/node-provider.ts';
import { fakeClient } from '../../replicaset/test-fixtures.ts';
import { PoolProviders, type AdoptedPoolProvider } from './pool-providers.ts';
import { stubProvider } from './testing/stub-provider.ts';

/** A factory whose providers record their lifecycle in `log`. */
function recordingFactory(log: string[], failStart = false): NodeProviderFactory<{ size: number }> {
  return {
    name: 'fake',
    optionsSchema: z.object({ size: z.number() }).strict(),
    create(options, context): NodeProvider {
      const id = `${context.pool.name}#${options.size}`;
      log.push(`create ${id}`);
      return stubProvider({
        name: 'fake',
        start: () => {
          log.push(`start ${id}`);
          return failStart ? Promise.reject(new Error('no credentials')) : Promise.resolve();
        },
        stop: () => {
          log.push(`stop ${id}`);
          return Promise.resolve();
        },
      });
    },
  };
}

function pool(provider: string, options: Record<string, unknown>): NodePoolObject {
  return { metadata: { name: 'general' }, spec: { provider, options } };
}

const client = fakeClient({});
const logger = pino({ level: 'silent' });
const clock = { now: () => new Date() };

function providersWith(factories: NodeProviderFactory[], adopted: AdoptedPoolProvider[] = []): PoolProviders {
  return new PoolProviders({ client, logger, clock, cluster: undefined, factories, adopted });
}

describe('PoolProviders', () => {
  it('starts one provider per pool and keeps it while provider and options stay', async () => {
    const log: string[] = [];
    const providers = providersWith([recordingFactory(log)]);
    expect((await providers.ensure(pool('fake', { size: 1 }))).ready).toBe(true);
    await providers.ensure(pool('fake', { size: 1 }));
    expect(log).toEqual(['create general#1', 'start general#1']);
    expect(providers.get('general')).toBeDefined();
  });

  it('replaces the provider when the options change and stops it when the pool goes', async () => {
    const log: string[] = [];
    const providers = providersWith([recordingFactory(log)]);
    await providers.ensure(pool('fake', { size: 1 }));
    await providers.ensure(pool('fake', { size: 2 }));
    await providers.remove('general');
    expect(log).toEqual(['create general#1', 'start general#1', 'stop general#1', 'create general#2', 'start general#2', 'stop general#2']);
    expect(providers.get('general')).toBeUndefined();
  });

  it.each<[string, NodePoolObject, boolean, { reason: string; message: string | RegExp }]>([
    ['an unknown provider', pool('nope', {}), false, { reason: 'ProviderNotFound', message: 'spec.provider: unknown node provider "nope"; available: fake' }],
    ['options the schema refuses, naming spec.options.<field>', pool('fake', { size: 'big' }), false, { reason: 'InvalidOptions', message: /^spec\.options\.size: / }],
    ['a provider whose start fails', pool('fake', { size: 1 }), true, { reason: 'ProviderStartFailed', message: 'fake failed to start: no credentials' }],
  ])('reports %s', async (_what, p, failStart, expected) => {
    const providers = providersWith([recordingFactory([], failStart)]);
    const state = await providers.ensure(p);
    expect(state).toMatchObject({ ready: false, reason: expected.reason });
    if (state.ready) throw new Error('expected a failure');
    expect(state.message).toMatch(expected.message);
  });

  it('reuses the provider node-pools started for a kubernel.yaml pool, and never stops it', async () => {
    const log: string[] = [];
    const factory = recordingFactory(log);
    const started = factory.create({ size: 1 }, { pool: { name: 'general', min: undefined, max: undefined }, client, logger, clock, cluster: undefined, contributions: () => [] });
    const providers = providersWith([factory], [{ name: 'general', provider: started, spec: { provider: 'fake', options: { size: 1 } } }]);
    expect(providers.get('general')).toBeUndefined();
    await providers.ensure(pool('fake', { size: 1 }));
    expect(providers.get('general')?.provider).toBe(started);
    await providers.ensure(pool('fake', { size: 3 }));
    expect(log).toEqual(['create general#1', 'create general#3', 'start general#3']);
  });
});
