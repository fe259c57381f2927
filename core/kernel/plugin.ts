import type { Logger } from 'pino';
import type { StoreBackend } from '../contracts/store-backend.ts';
import type { StandardSchemaV1 } from './standard-schema.ts';
import type { Token } from './tokens.ts';

/** The plugin API version this kernel implements; a plugin built for another is refused at load. */
export const PLUGIN_API_VERSION = 1;

/** A named, typed slot that plugins contribute implementations to (store backends, schedulers, ...). */
export interface ExtensionPoint<T> {
  readonly name: string;
  /** never set; carries T for the type checker only */
  readonly type?: T;
}

export function createExtensionPoint<T>(name: string): ExtensionPoint<T> {
  return { name };
}

/** A store backend a plugin offers, selected by `store.backend` in kubernel.yaml. */
export interface StoreBackendFactory {
  /** the value of `store.backend` that selects it */
  name: string;
  /** `store.options` of kubernel.yaml, validated by the factory */
  create(options: unknown, context: { dataDir: string }): Promise<StoreBackend>;
}

export const storeBackends = createExtensionPoint<StoreBackendFactory>('store-backend');

export type Deps = Record<string, Token<unknown>>;
export type ResolvedDeps<D extends Deps> = { [K in keyof D]: D[K] extends Token<infer T> ? T : never };

/** What the kernel hands a plugin's `register`: typed contributions and lifecycle hooks. */
export interface PluginRegistrar {
  contribute<T>(point: ExtensionPoint<T>, value: T): void;
  /** runs after every plugin registered and the API server listens, in dependency order */
  onStart(hook: () => Promise<void> | void): void;
  /** runs on shutdown, in reverse start order */
  onStop(hook: () => Promise<void> | void): void;
}

export interface PluginContext<Options, D extends Deps> {
  options: Options;
  deps: ResolvedDeps<D>;
  logger: Logger;
}

export interface PluginDefinition<Options = unknown, D extends Deps = Deps> {
  /** `area/name`, e.g. `scheduling/binpack`; unique in a kernel */
  name: string;
  version: string;
  /** the plugin API version it was written for */
  apiVersion: number;
  description?: string;
  /** validates and types `options` from kubernel.yaml before anything starts */
  configSchema?: StandardSchemaV1<unknown, Options>;
  /** core services the plugin needs, by typed token */
  deps?: D;
  /** other plugins that must register and start first */
  dependsOn?: string[];
  register(registrar: PluginRegistrar, context: PluginContext<Options, D>): void | Promise<void>;
}

/** Declares a plugin; a value, checked by the kernel when loaded. */
export function definePlugin<Options = undefined, D extends Deps = Record<never, never>>(
  definition: Omit<PluginDefinition<Options, D>, 'apiVersion'> & { apiVersion?: number },
): PluginDefinition<Options, D> {
  return { ...definition, apiVersion: definition.apiVersion ?? PLUGIN_API_VERSION };
}
