import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import { KernelError } from './errors.ts';
import type { KubernelConfig } from './config-schema.ts';
import { dependencyOrder, resolvePluginRef, type PluginCatalog, type ResolvedPlugin } from './plugin-loader.ts';
import type { Deps, ExtensionPoint, PluginDefinition, PluginRegistrar, ResolvedDeps } from './plugin.ts';
import { validateWithSchema } from './standard-schema.ts';
import type { Token } from './tokens.ts';

export interface KernelOptions {
  config: KubernelConfig;
  /** relative plugin paths in the config resolve against this folder */
  configDir: string;
  catalog: PluginCatalog;
  logger: Logger;
}

export interface LoadedPlugin {
  name: string;
  version: string;
  source: string;
  description: string;
}

type Hook = { plugin: string; run: () => Promise<void> | void };

/**
 * Loads the plugins kubernel.yaml names, gives each its own DI container,
 * options and logger, collects their contributions to extension points, and
 * runs their lifecycle hooks in dependency order (stop in reverse).
 */
export class Kernel {
  private readonly container: DependencyContainer = rootContainer.createChildContainer();
  private readonly contributions = new Map<string, { plugin: string; value: unknown }[]>();
  private readonly startHooks: Hook[] = [];
  private readonly stopHooks: Hook[] = [];
  private readonly loadedPlugins: LoadedPlugin[] = [];
  private started: Hook[] = [];

  constructor(private readonly options: KernelOptions) {}

  /** Registers a core service for plugins to depend on; only the composition root calls this. */
  provide<T>(token: Token<T>, value: T): void {
    this.container.register(token.id, { useValue: value });
  }

  /** Contributions made by the core itself (the built-in store backends), beside those of plugins. */
  contribute<T>(point: ExtensionPoint<T>, value: T, owner = 'core'): void {
    const list = this.contributions.get(point.name) ?? [];
    list.push({ plugin: owner, value });
    this.contributions.set(point.name, list);
  }

  contributionsTo<T>(point: ExtensionPoint<T>): T[] {
    return (this.contributions.get(point.name) ?? []).map((c) => c.value as T);
  }

  get plugins(): readonly LoadedPlugin[] {
    return this.loadedPlugins;
  }

  /** Resolves, checks and registers every plugin. Any failure stops start-up with a clear message. */
  async load(): Promise<void> {
    const { config, catalog, configDir } = this.options;
    const resolved: ResolvedPlugin[] = [];
    for (const [index, ref] of config.plugins.entries()) resolved.push(await resolvePluginRef(ref, index, catalog, configDir));
    // A dependency on a built-in plugin loads it without a `plugins:` entry (a local node pool needs the runtimes).
    const names = new Set(resolved.map((p) => p.definition.name));
    for (let i = 0; i < resolved.length; i++) {
      const plugin = resolved[i];
      for (const dep of plugin?.definition.dependsOn ?? []) {
        if (names.has(dep) || !Object.hasOwn(catalog, dep)) continue;
        names.add(dep);
        const added = await resolvePluginRef({ name: dep }, config.plugins.length + i, catalog, configDir);
        resolved.push({ ...added, configPath: `${plugin?.configPath ?? 'plugins'} (dependsOn ${dep})` });
      }
    }
    for (const plugin of dependencyOrder(resolved)) await this.register(plugin);
  }

  private async register(plugin: ResolvedPlugin): Promise<void> {
    const definition = plugin.definition as PluginDefinition<unknown, Deps>;
    let options: unknown = plugin.options ?? {};
    if (definition.configSchema !== undefined) {
      const result = await validateWithSchema(definition.configSchema, options, `${plugin.configPath}.options`);
      if (!result.ok) {
        throw new KernelError('KERNEL_ERR_PLUGIN_OPTIONS', `plugin ${definition.name} has invalid options:\n  ${result.errors.join('\n  ')}`);
      }
      options = result.value;
    }
    const child = this.container.createChildContainer();
    const logger = this.options.logger.child({ plugin: definition.name });
    const deps: Record<string, unknown> = {};
    for (const [key, token] of Object.entries(definition.deps ?? {})) {
      if (!child.isRegistered(token.id, true)) {
        throw new KernelError('KERNEL_ERR_MISSING_DEPENDENCY', `plugin ${definition.name} needs the core service "${token.name}", which this kernel does not offer`);
      }
      deps[key] = child.resolve(token.id);
    }
    const name = definition.name;
    const registrar: PluginRegistrar = {
      contribute: (point, value) => this.contribute(point, value, name),
      onStart: (run) => this.startHooks.push({ plugin: name, run }),
      onStop: (run) => this.stopHooks.push({ plugin: name, run }),
    };
    try {
      await definition.register(registrar, { options, deps: deps as ResolvedDeps<Deps>, logger });
    } catch (error) {
      if (error instanceof KernelError) throw error;
      throw new KernelError('KERNEL_ERR_PLUGIN_LOAD', `plugin ${name} failed to register: ${(error as Error).message}`);
    }
    this.loadedPlugins.push({ name, version: definition.version, source: plugin.source, description: definition.description ?? '' });
  }

  async start(): Promise<void> {
    for (const hook of this.startHooks) {
      try {
        await hook.run();
      } catch (error) {
        throw new KernelError('KERNEL_ERR_LIFECYCLE', `plugin ${hook.plugin} failed to start: ${(error as Error).message}`);
      }
      this.started.push(hook);
    }
  }

  /** Stops what started, newest first; one failing hook does not keep the others from running. */
  async stop(): Promise<void> {
    const startedPlugins = new Set(this.started.map((h) => h.plugin));
    this.started = [];
    for (const hook of [...this.stopHooks].reverse()) {
      if (!startedPlugins.has(hook.plugin)) continue;
      try {
        await hook.run();
      } catch (error) {
        this.options.logger.error({ plugin: hook.plugin, err: error }, 'plugin failed to stop');
      }
    }
  }
}
