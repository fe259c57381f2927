import { createRequire } from 'node:module';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isRecord } from '../api/types/meta.ts';
import { KernelError } from './errors.ts';
import { PLUGIN_API_VERSION, type PluginDefinition } from './plugin.ts';
import type { PluginRef } from './config-schema.ts';

/** Built-in plugins by name, imported only when a config names them. */
export type PluginCatalog = Record<string, () => Promise<{ default: unknown }>>;

export interface ResolvedPlugin {
  definition: PluginDefinition;
  /** `builtin`, the file path, or the npm package name */
  source: string;
  options: unknown;
  /** where it stands in kubernel.yaml, for error messages */
  configPath: string;
}

export async function resolvePluginRef(
  ref: PluginRef,
  index: number,
  catalog: PluginCatalog,
  configDir: string,
): Promise<ResolvedPlugin> {
  const configPath = `plugins[${index}]`;
  let module: { default: unknown };
  let source: string;
  if (ref.name !== undefined) {
    const load = catalog[ref.name];
    if (load === undefined) {
      const known = Object.keys(catalog).sort().join(', ') || '(none)';
      throw new KernelError('KERNEL_ERR_UNKNOWN_PLUGIN', `${configPath}.name: unknown plugin "${ref.name}"; built-in plugins are: ${known}`);
    }
    module = await importOrFail(load, configPath, ref.name);
    source = 'builtin';
  } else if (ref.path !== undefined) {
    const file = isAbsolute(ref.path) ? ref.path : resolvePath(configDir, ref.path);
    module = await importOrFail(() => import(pathToFileURL(file).href) as Promise<{ default: unknown }>, configPath, file);
    source = file;
  } else {
    const name = ref.package ?? '';
    const require = createRequire(resolvePath(configDir, 'kubernel.yaml'));
    module = await importOrFail(
      () => import(pathToFileURL(require.resolve(name)).href) as Promise<{ default: unknown }>,
      configPath,
      name,
    );
    source = name;
  }
  return { definition: checkShape(module.default, configPath, source), source, options: ref.options, configPath };
}

async function importOrFail(load: () => Promise<{ default: unknown }>, configPath: string, what: string): Promise<{ default: unknown }> {
  try {
    return await load();
  } catch (error) {
    throw new KernelError('KERNEL_ERR_PLUGIN_LOAD', `${configPath}: cannot load plugin ${what}: ${(error as Error).message}`);
  }
}

function checkShape(value: unknown, configPath: string, source: string): PluginDefinition {
  const problem = (what: string): KernelError =>
    new KernelError('KERNEL_ERR_PLUGIN_SHAPE', `${configPath}: ${source} is not a Kubernel plugin: ${what} (export default definePlugin({...}))`);
  if (!isRecord(value)) throw problem('its default export is not an object');
  if (typeof value['name'] !== 'string' || value['name'] === '') throw problem('name is missing');
  if (typeof value['version'] !== 'string') throw problem('version is missing');
  if (typeof value['register'] !== 'function') throw problem('register is not a function');
  if (value['apiVersion'] !== PLUGIN_API_VERSION) {
    throw new KernelError(
      'KERNEL_ERR_CONTRACT_VERSION',
      `${configPath}: plugin ${value['name']} was built for plugin API version ${String(value['apiVersion'])}, this kernel implements version ${PLUGIN_API_VERSION}`,
    );
  }
  return value as unknown as PluginDefinition;
}

/** Orders plugins so that each comes after what it depends on; a cycle or a missing plugin is an error. */
export function dependencyOrder(plugins: ResolvedPlugin[]): ResolvedPlugin[] {
  const byName = new Map<string, ResolvedPlugin>();
  for (const plugin of plugins) {
    const existing = byName.get(plugin.definition.name);
    if (existing !== undefined) {
      throw new KernelError(
        'KERNEL_ERR_DUPLICATE_PLUGIN',
        `${plugin.configPath}: plugin "${plugin.definition.name}" is already loaded by ${existing.configPath}; list each plugin once`,
      );
    }
    byName.set(plugin.definition.name, plugin);
  }
  const ordered: ResolvedPlugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: ResolvedPlugin, chain: string[]): void => {
    const name = plugin.definition.name;
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new KernelError('KERNEL_ERR_DEPENDENCY_CYCLE', `plugin dependency cycle: ${[...chain, name].join(' -> ')}`);
    }
    state.set(name, 'visiting');
    for (const dep of plugin.definition.dependsOn ?? []) {
      const target = byName.get(dep);
      if (target === undefined) {
        throw new KernelError('KERNEL_ERR_MISSING_DEPENDENCY', `${plugin.configPath}: plugin "${name}" depends on "${dep}", which is not in kubernel.yaml's plugins`);
      }
      visit(target, [...chain, name]);
    }
    state.set(name, 'done');
    ordered.push(plugin);
  };
  for (const plugin of plugins) visit(plugin, []);
  return ordered;
}
