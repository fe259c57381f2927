/**
 * Picks the container runtime an agent runs pods with, from what runtime
 * plugins contribute: a named one, or `auto`: Docker when an engine answers,
 * else host processes, saying why (so `npm start` works on a machine without
 * Docker and tells its user).
 */
import type { ContainerRuntimeFactory } from '../contracts/runtime.ts';
import { KernelError } from '../kernel/errors.ts';
import { validateWithSchema } from '../kernel/standard-schema.ts';

export interface RuntimeChoice {
  factory: ContainerRuntimeFactory;
  options: unknown;
  /** why `auto` did not pick its first preference; undefined when it did */
  fallbackReason: string | undefined;
}

const AUTO_ORDER = ['docker', 'process'];

async function validated(factory: ContainerRuntimeFactory, options: unknown, configPath: string): Promise<unknown> {
  const result = await validateWithSchema(factory.optionsSchema, options ?? {}, configPath);
  if (!result.ok) throw new KernelError('KERNEL_ERR_PLUGIN_OPTIONS', `runtime ${factory.name} has invalid options:\n  ${result.errors.join('\n  ')}`);
  return result.value;
}

export async function selectRuntime(factories: readonly ContainerRuntimeFactory[], name: string, options: unknown, configPath: string): Promise<RuntimeChoice> {
  const known = factories.map((f) => f.name).join(', ') || '(none)';
  if (name !== 'auto') {
    const factory = factories.find((f) => f.name === name);
    if (factory === undefined) throw new KernelError('KERNEL_ERR_UNKNOWN_PLUGIN', `${configPath}: unknown container runtime "${name}"; available: ${known}, auto`);
    const checked = await validated(factory, options, configPath);
    const available = await factory.available(checked);
    if (!available.ok) throw new KernelError('KERNEL_ERR_LIFECYCLE', `${configPath}: the ${name} runtime cannot run here: ${available.reason}`);
    return { factory, options: checked, fallbackReason: undefined };
  }
  const reasons: string[] = [];
  for (const candidate of AUTO_ORDER) {
    const factory = factories.find((f) => f.name === candidate);
    if (factory === undefined) continue;
    const checked = await validated(factory, candidate === 'docker' ? options : {}, configPath);
    const available = await factory.available(checked);
    if (available.ok) return { factory, options: checked, fallbackReason: reasons.length === 0 ? undefined : reasons.join('; ') };
    reasons.push(`${candidate}: ${available.reason}`);
  }
  throw new KernelError('KERNEL_ERR_LIFECYCLE', `${configPath}: no container runtime can run here (${reasons.join('; ') || `available: ${known}`})`);
}
