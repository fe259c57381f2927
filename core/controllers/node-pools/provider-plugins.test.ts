import { describe, expect, it } from 'vitest';
import { configSchema } from '../../kernel/config-schema.ts';
import { withNodePoolProviders } from './provider-plugins.ts';

const catalog = { simulated: () => Promise.resolve({ default: {} }), local: () => Promise.resolve({ default: {} }) };

describe('withNodePoolProviders', () => {
  it.each([
    ['adds the built-in provider a pool names, once', { nodePools: [{ name: 'a', provider: 'simulated' }, { name: 'b', provider: 'simulated' }] }, [{ name: 'simulated' }]],
    ['keeps a provider listed with options as it is', { plugins: [{ name: 'simulated', options: { x: 1 } }], nodePools: [{ name: 'a', provider: 'simulated' }] }, [{ name: 'simulated', options: { x: 1 } }]],
    ['leaves out-of-tree providers to the plugins list', { plugins: [{ path: './mine.ts' }], nodePools: [{ name: 'a', provider: 'mine' }] }, [{ path: './mine.ts' }]],
    ['changes nothing without pools', {}, []],
  ])('%s', (_name, raw, plugins) => {
    const config = configSchema.parse(raw);
    expect(withNodePoolProviders(config, catalog).plugins).toEqual(plugins);
  });
});
