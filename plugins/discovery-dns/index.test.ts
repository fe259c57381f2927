import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { discoveryProviders, type DiscoveryFactory, type ExtensionPoint, type PluginRegistrar } from '../../core/index.ts';
import plugin, { DnsServer, dnsOptionsSchema } from './index.ts';
import { FakeCatalog } from './testing/fake-catalog.ts';
import { pluginContext } from './testing/plugin-context.ts';

function isFactory(value: unknown): value is DiscoveryFactory {
  return typeof value === 'object' && value !== null && 'create' in value && 'optionsSchema' in value;
}

describe('discovery/dns plugin', () => {
  it('validates its options with CoreDNS-like defaults, and refuses unknown or malformed ones', async () => {
    expect(plugin.name).toBe('discovery/dns');
    const schema = plugin.configSchema;
    if (schema === undefined) throw new Error('no configSchema');
    expect(await schema['~standard'].validate({})).toEqual({ value: { port: 53, upstreamTimeoutMs: 2000, ttl: 5, createService: true } });
    for (const bad of [{ listen: ['dns.local'] }, { upstream: ['resolver:53'] }, { ttl: 3601 }, { port: 70000 }, { listn: ['10.0.0.1'] }, { listen: [] }]) {
      const result = await schema['~standard'].validate(bad);
      expect(result.issues?.length, JSON.stringify(bad)).toBeGreaterThan(0);
    }
  });

  it("contributes a discovery provider named dns that builds a server from the plugin's options (create gets none)", async () => {
    const factories: DiscoveryFactory[] = [];
    const registrar: PluginRegistrar = {
      contribute<T>(point: ExtensionPoint<T>, value: T) {
        if (point === discoveryProviders && isFactory(value)) factories.push(value);
      },
      onStart() {},
      onStop() {},
    };
    const options = dnsOptionsSchema.parse({ listen: ['127.0.0.1'], port: 0, upstream: [], createService: false });
    await plugin.register(registrar, { options, deps: {}, logger: pino({ level: 'silent' }) });
    expect(factories.map((f) => f.name)).toEqual(['dns']);
    const [factory] = factories;
    const runtime = factory?.create(undefined, pluginContext(new FakeCatalog()));
    expect(runtime).toBeInstanceOf(DnsServer);
    if (!(runtime instanceof DnsServer)) return;
    await runtime.start();
    try {
      expect(runtime.listenAddresses).toEqual(['127.0.0.1']);
      expect(runtime.port).toBeGreaterThan(0);
    } finally {
      await runtime.stop();
    }
  });
});
