import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { isRecord, nodeProviders, type NodeProviderFactory, type PluginRegistrar } from '../../core/index.ts';
import { validateWithSchema } from '../../core/kernel/standard-schema.ts';
import { providerCatalog } from '../index.ts';
import plugin from './plugin.ts';

function isFactory(value: unknown): value is NodeProviderFactory {
  return isRecord(value) && typeof value['name'] === 'string' && typeof value['create'] === 'function';
}

async function contributedFactories(): Promise<NodeProviderFactory[]> {
  const factories: NodeProviderFactory[] = [];
  const registrar: PluginRegistrar = {
    contribute(point, value) {
      if (point === nodeProviders && isFactory(value)) factories.push(value);
    },
    onStart: () => undefined,
    onStop: () => undefined,
  };
  await plugin.register(registrar, { options: undefined, deps: {}, logger: pino({ level: 'silent' }) });
  return factories;
}

describe('providers/aws plugin', () => {
  it('is in the built-in catalog under "aws"', async () => {
    const loaded = await providerCatalog['aws']?.();
    expect(loaded?.default).toBe(plugin);
  });

  it('contributes the aws node provider, whose options errors name the pool’s YAML path', async () => {
    const [factory, ...others] = await contributedFactories();
    expect(others).toEqual([]);
    expect(factory?.name).toBe('aws');
    if (factory === undefined) return;
    const result = await validateWithSchema(factory.optionsSchema, { clusterName: 'prod', imageId: 'ami-0abcdef1234567890', zones: ['us-east-1a'] }, 'nodePools[0].options');
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^nodePools\[0\]\.options\.region: /)] });
  });
});
