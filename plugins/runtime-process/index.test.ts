import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { containerRuntimes, type PluginRegistrar } from '../../core/index.ts';
import plugin, { processRuntimeFactory } from './index.ts';
import { processRuntimeOptionsSchema } from './options.ts';

describe('runtime/process plugin', () => {
  it('contributes the "process" container runtime factory', async () => {
    const contributed: unknown[] = [];
    const registrar: PluginRegistrar = {
      contribute(point, value) {
        if (point.name === containerRuntimes.name) contributed.push(value);
      },
      onStart: () => undefined,
      onStop: () => undefined,
    };
    await plugin.register(registrar, { options: undefined, deps: {}, logger: pino({ level: 'silent' }) });
    expect(plugin.name).toBe('runtime/process');
    expect(contributed).toEqual([processRuntimeFactory]);
    expect(processRuntimeFactory.name).toBe('process');
  });

  it('is available on POSIX hosts', async () => {
    expect(await processRuntimeFactory.available({})).toEqual(process.platform === 'win32' ? expect.objectContaining({ ok: false }) : { ok: true });
  });

  it.each([
    { input: undefined, ok: true },
    { input: {}, ok: true },
    { input: { path: '/usr/bin:/bin' }, ok: true },
    { input: { path: '' }, ok: false },
    { input: { shell: '/bin/sh' }, ok: false },
  ])('validates options $input', async ({ input, ok }) => {
    const result = await processRuntimeOptionsSchema['~standard'].validate(input);
    expect(result.issues === undefined).toBe(ok);
  });
});
