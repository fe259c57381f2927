import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { greetings } from '../../test/fixtures/plugins/greeter.ts';
import { parseConfig } from './config.ts';
import { CoreTokens } from './core-tokens.ts';
import { KernelError, type KernelErrorCode } from './errors.ts';
import { Kernel } from './kernel.ts';
import type { PluginCatalog } from './plugin-loader.ts';

const fixtures = dirname(fileURLToPath(new URL('../../test/fixtures/plugins/greeter.ts', import.meta.url)));
const catalog: PluginCatalog = { 'test/greeter': () => import('../../test/fixtures/plugins/greeter.ts') };

async function kernelFor(yaml: string, pluginCatalog: PluginCatalog = catalog): Promise<Kernel> {
  const config = await parseConfig(yaml);
  const kernel = new Kernel({ config, configDir: fixtures, catalog: pluginCatalog, logger: pino({ level: 'silent' }) });
  kernel.provide(CoreTokens.clock, { now: () => new Date('2030-01-02T00:00:00Z') });
  return kernel;
}

async function loadError(yaml: string, pluginCatalog: PluginCatalog = catalog): Promise<KernelError> {
  const kernel = await kernelFor(yaml, pluginCatalog);
  try {
    await kernel.load();
  } catch (error) {
    if (error instanceof KernelError) return error;
    throw error;
  }
  throw new Error('expected the kernel to refuse this config');
}

describe('kernel plugin loading', () => {
  beforeEach(() => {
    (globalThis as { kernelTestLog?: string[] }).kernelTestLog = [];
  });

  it('loads a built-in plugin by name with validated, defaulted options and typed deps', async () => {
    const kernel = await kernelFor('plugins:\n  - name: test/greeter\n    options: { greeting: hi }\n');
    await kernel.load();
    expect(kernel.plugins).toEqual([{ name: 'test/greeter', version: '1.2.3', source: 'builtin', description: 'says hello, for the kernel tests' }]);
    expect(kernel.contributionsTo(greetings)).toEqual([{ text: 'hi x1 at 2030' }]);
  });

  it('loads an out-of-tree plugin by path, relative to the config file', async () => {
    const kernel = await kernelFor('plugins:\n  - path: ./greeter.ts\n    options: { greeting: yo, times: 2 }\n');
    await kernel.load();
    expect(kernel.plugins[0]?.source).toBe(`${fixtures}/greeter.ts`);
    expect(kernel.contributionsTo(greetings)).toEqual([{ text: 'yo x2 at 2030' }]);
  });

  it('starts plugins in dependency order and stops them in reverse', async () => {
    const kernel = await kernelFor('plugins:\n  - path: ./follower.ts\n  - name: test/greeter\n    options: { greeting: hi }\n');
    await kernel.load();
    expect(kernel.plugins.map((p) => p.name)).toEqual(['test/greeter', 'test/follower']);
    await kernel.start();
    await kernel.stop();
    expect((globalThis as { kernelTestLog?: string[] }).kernelTestLog).toEqual(['start follower', 'stop follower']);
  });

  it.each<[string, string, KernelErrorCode, RegExp]>([
    ['an unknown plugin', 'plugins:\n  - name: scheduling/nope\n', 'KERNEL_ERR_UNKNOWN_PLUGIN', /plugins\[0\]\.name: unknown plugin "scheduling\/nope"; built-in plugins are: test\/greeter/],
    ['bad options', 'plugins:\n  - name: test/greeter\n    options: { greeting: 3 }\n', 'KERNEL_ERR_PLUGIN_OPTIONS', /plugins\[0\]\.options\.greeting: .*string/],
    ['an unknown option', 'plugins:\n  - name: test/greeter\n    options: { greeting: a, loud: true }\n', 'KERNEL_ERR_PLUGIN_OPTIONS', /loud/],
    ['a duplicate plugin', 'plugins:\n  - name: test/greeter\n    options: { greeting: a }\n  - path: ./greeter.ts\n    options: { greeting: b }\n', 'KERNEL_ERR_DUPLICATE_PLUGIN', /plugins\[1\]: plugin "test\/greeter" is already loaded by plugins\[0\]/],
    ['a contract version mismatch', 'plugins:\n  - path: ./old-api.ts\n', 'KERNEL_ERR_CONTRACT_VERSION', /plugin API version 0, this kernel implements version 1/],
    ['a module that is not a plugin', 'plugins:\n  - path: ./not-a-plugin.ts\n', 'KERNEL_ERR_PLUGIN_SHAPE', /is not a Kubernel plugin/],
    ['a file that does not exist', 'plugins:\n  - path: ./missing.ts\n', 'KERNEL_ERR_PLUGIN_LOAD', /cannot load plugin/],
  ])('stops start-up on %s with a clear message', async (_what, yaml, code, message) => {
    const error = await loadError(yaml);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('stops start-up on a dependency that is neither listed nor built in', async () => {
    const error = await loadError('plugins:\n  - path: ./follower.ts\n', {});
    expect(error.code).toBe('KERNEL_ERR_MISSING_DEPENDENCY');
    expect(error.message).toMatch(/depends on "test\/greeter"/);
  });

  it('loads a built-in dependency without a plugins entry of its own, with its options checked', async () => {
    const error = await loadError('plugins:\n  - path: ./follower.ts\n');
    // The greeter came from the catalog by the follower's dependsOn; its required option is still enforced.
    expect(error.code).toBe('KERNEL_ERR_PLUGIN_OPTIONS');
    expect(error.message).toMatch(/plugin test\/greeter has invalid options/);
  });

  it('refuses a plugin that needs a core service the kernel does not offer', async () => {
    const config = await parseConfig('plugins:\n  - name: test/greeter\n    options: { greeting: hi }\n');
    const kernel = new Kernel({ config, configDir: fixtures, catalog, logger: pino({ level: 'silent' }) });
    await expect(kernel.load()).rejects.toThrow(/needs the core service "core.clock"/);
  });
});
