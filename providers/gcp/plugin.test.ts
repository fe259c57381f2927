import 'reflect-metadata';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { isRecord, nodeProviders, type ExtensionPoint, type NodeProviderFactory } from '../../core/index.ts';
import { providerCatalog } from '../index.ts';
import plugin from './plugin.ts';

function isFactory(value: unknown): value is NodeProviderFactory {
  return isRecord(value) && typeof value['name'] === 'string' && isRecord(value['optionsSchema']) && typeof value['create'] === 'function';
}

describe('the gcp provider plugin', () => {
  it('is the built-in catalog\'s `gcp` entry', async () => {
    expect((await providerCatalog['gcp']?.())?.default).toBe(plugin);
  });

  it('contributes the `gcp` node provider, whose options schema names the missing field', async () => {
    const contributed: unknown[] = [];
    await plugin.register(
      {
        contribute<T>(point: ExtensionPoint<T>, value: T) {
          if (point === nodeProviders) contributed.push(value);
        },
        onStart: () => undefined,
        onStop: () => undefined,
      },
      { options: undefined, deps: {}, logger: pino({ level: 'silent' }) },
    );
    expect(plugin.name).toBe('providers/gcp');
    expect(contributed).toHaveLength(1);
    const factory = contributed.find(isFactory);
    expect(factory?.name).toBe('gcp');
    const result = await factory?.optionsSchema['~standard'].validate({ zones: ['us-central1-a'] });
    expect(result?.issues?.map((i) => i.path?.map(String).join('.'))).toEqual(['project']);
  });
});
