/**
 * Loads the built-in container-runtime plugins for an agent that runs on its
 * own (`kubernel agent`), through the same kernel and catalog as the control
 * plane's plugins, so a runtime plugin is written once for both.
 */
import type { Logger } from 'pino';
import { containerRuntimes, type ContainerRuntimeFactory } from '../contracts/runtime.ts';
import { configSchema } from '../kernel/config-schema.ts';
import { Kernel } from '../kernel/kernel.ts';
import type { PluginCatalog } from '../kernel/plugin-loader.ts';

export const BUILTIN_RUNTIME_PLUGINS = ['runtime/docker', 'runtime/process'] as const;

export async function loadRuntimePlugins(catalog: PluginCatalog, logger: Logger): Promise<{ kernel: Kernel; runtimes: ContainerRuntimeFactory[] }> {
  const config = configSchema.parse({ plugins: BUILTIN_RUNTIME_PLUGINS.filter((name) => Object.hasOwn(catalog, name)).map((name) => ({ name })) });
  const kernel = new Kernel({ config, configDir: process.cwd(), catalog, logger });
  await kernel.load();
  return { kernel, runtimes: kernel.contributionsTo(containerRuntimes) };
}
