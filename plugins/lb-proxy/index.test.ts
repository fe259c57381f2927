import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadBalancers, type ApiClient, type LoadBalancerFactory, type PluginRegistrar } from '../../core/index.ts';
import plugin, { proxyOptionsSchema, ServiceProxier, type ProxyOptions } from './index.ts';
import { FakeServiceCatalog } from '../../test/support/service-info.ts';

/** the proxy never calls the API: it reads the catalog */
const unused = (): Promise<never> => Promise.reject(new Error('lb/proxy must not call the API'));
const noApi: ApiClient = { get: unused, list: unused, watch: unused, create: unused, update: unused, patch: unused, delete: unused, createSubresource: unused };

async function registered(options: ProxyOptions): Promise<LoadBalancerFactory[]> {
  const contributed: LoadBalancerFactory[] = [];
  const registrar: PluginRegistrar = {
    contribute(point, value) {
      if (point.name === loadBalancers.name && isFactory(value)) contributed.push(value);
    },
    onStart: () => undefined,
    onStop: () => undefined,
  };
  await plugin.register(registrar, { options, deps: {}, logger: pino({ level: 'silent' }) });
  return contributed;
}

function isFactory(value: unknown): value is LoadBalancerFactory {
  return typeof value === 'object' && value !== null && 'create' in value && 'name' in value;
}

const DEFAULTS = { algorithm: 'round-robin', bindClusterIPs: true, nodePorts: true, removedEndpointGraceSeconds: 30 } as const;

describe('lb/proxy plugin', () => {
  it('contributes one "proxy" load balancer built around the plugin options', async () => {
    expect(plugin.name).toBe('lb/proxy');
    expect(plugin.configSchema).toBe(proxyOptionsSchema);
    const factories = await registered({ ...DEFAULTS, algorithm: 'least-connections' });
    expect(factories.map((f) => f.name)).toEqual(['proxy']);
    const runtime = factories[0]?.create(undefined, {
      catalog: new FakeServiceCatalog(),
      network: { clusterIPRange: '10.96.0.0/16', dnsServiceIP: '10.96.0.10', nodePortRange: { first: 30000, last: 32767 }, clusterDomain: 'cluster.local', nodeAddress: '127.0.0.1' },
      logger: pino({ level: 'silent' }),
      client: noApi,
    });
    expect(runtime).toBeInstanceOf(ServiceProxier);
    await runtime?.start();
    expect(runtime instanceof ServiceProxier ? runtime.listening() : undefined).toEqual([]);
    await runtime?.stop();
  });

  it.each([
    { input: undefined, value: DEFAULTS },
    { input: {}, value: DEFAULTS },
    { input: { algorithm: 'least-connections', nodePorts: false }, value: { ...DEFAULTS, algorithm: 'least-connections', nodePorts: false } },
    { input: { algorithm: 'power-of-two-choices', bindClusterIPs: false, removedEndpointGraceSeconds: 0 }, value: { ...DEFAULTS, algorithm: 'power-of-two-choices', bindClusterIPs: false, removedEndpointGraceSeconds: 0 } },
    { input: { algorithm: 'random' }, value: undefined },
    { input: { bindClusterIPs: 'yes' }, value: undefined },
    { input: { removedEndpointGraceSeconds: -1 }, value: undefined },
    { input: { mode: 'ipvs' }, value: undefined },
  ])('validates options $input', async ({ input, value }) => {
    const result = await proxyOptionsSchema['~standard'].validate(input);
    expect(result.issues === undefined ? result.value : undefined).toEqual(value);
  });
});
