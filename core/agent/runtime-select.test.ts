import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ContainerRuntimeFactory } from '../contracts/runtime.ts';
import { selectRuntime } from './runtime-select.ts';

/** Factories whose availability the table decides; create is never reached by selection. */
function factory(name: string, available: boolean): ContainerRuntimeFactory {
  return {
    name,
    optionsSchema: z.object({ socketPath: z.string().optional() }).strict(),
    available: async () => (available ? { ok: true } : { ok: false, reason: `no ${name} here` }),
    create: async () => {
      throw new Error('not used');
    },
  };
}

describe('selectRuntime', () => {
  it.each([
    { want: 'auto', docker: true, picked: 'docker', fallback: undefined },
    { want: 'auto', docker: false, picked: 'process', fallback: 'docker: no docker here' },
    { want: 'process', docker: true, picked: 'process', fallback: undefined },
  ])('$want with Docker available=$docker picks $picked', async ({ want, docker, picked, fallback }) => {
    const choice = await selectRuntime([factory('docker', docker), factory('process', true)], want, {}, 'runtime');
    expect(choice.factory.name).toBe(picked);
    expect(choice.fallbackReason).toBe(fallback);
  });

  it.each([
    { want: 'docker', options: {}, message: 'runtime: the docker runtime cannot run here: no docker here' },
    { want: 'containerd', options: {}, message: 'runtime: unknown container runtime "containerd"; available: docker, process, auto' },
    { want: 'process', options: { bogus: 1 }, message: 'runtime process has invalid options' },
  ])('refuses $want clearly', async ({ want, options, message }) => {
    await expect(selectRuntime([factory('docker', false), factory('process', true)], want, options, 'runtime')).rejects.toThrow(message);
  });
});
