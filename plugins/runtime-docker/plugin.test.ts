import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { containerRuntimes, isRuntimeError, type ContainerRuntimeFactory, type ExtensionPoint, type PluginRegistrar } from '../../core/index.ts';
import plugin from './index.ts';

function isFactory(value: unknown): value is ContainerRuntimeFactory {
  return typeof value === 'object' && value !== null && 'create' in value && 'available' in value && 'optionsSchema' in value;
}

async function contributedFactory(): Promise<ContainerRuntimeFactory> {
  const factories: ContainerRuntimeFactory[] = [];
  const registrar: PluginRegistrar = {
    contribute<T>(point: ExtensionPoint<T>, value: T) {
      if (point === containerRuntimes && isFactory(value)) factories.push(value);
    },
    onStart() {},
    onStop() {},
  };
  await plugin.register(registrar, { options: undefined, deps: {}, logger: pino({ level: 'silent' }) });
  expect(factories).toHaveLength(1);
  const [factory] = factories;
  if (factory === undefined) throw new Error('no factory');
  return factory;
}

describe('runtime/docker plugin', () => {
  it('contributes a runtime named docker whose options default to loopback ports and the busybox sandbox', async () => {
    const factory = await contributedFactory();
    expect(plugin.name).toBe('runtime/docker');
    expect(factory.name).toBe('docker');
    const result = await factory.optionsSchema['~standard'].validate({});
    expect(result).toEqual({ value: { sandboxImage: 'kubernel/busybox:latest', sandboxCommand: ['sleep', '2147483647'], hostIP: '127.0.0.1' } });
    const invalid = await factory.optionsSchema['~standard'].validate({ hostIp: 'typo' });
    expect(invalid.issues?.length).toBeGreaterThan(0);
  });

  it('says why it is not available when no engine answers, and refuses to create', async () => {
    const factory = await contributedFactory();
    const options = { sandboxImage: 'x', sandboxCommand: [], hostIP: '127.0.0.1', socketPath: '/nonexistent/docker.sock' };
    const available = await factory.available(options);
    expect(available.ok).toBe(false);
    if (!available.ok) expect(available.reason).toMatch(/^no Docker engine answers at \/nonexistent\/docker\.sock: .*ENOENT/);
    const error: unknown = await factory.create(options, { nodeName: 'n', stateDir: '/tmp', logger: pino({ level: 'silent' }) }).catch((e: unknown) => e);
    expect(isRuntimeError(error, 'RUNTIME_ERR_UNAVAILABLE')).toBe(true);
  });
});
