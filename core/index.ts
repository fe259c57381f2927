/**
 * The public surface of Kubernel's core: everything a plugin or provider may
 * import. Plugins import from here only, never from core's inner files.
 */
export { definePlugin, createExtensionPoint, storeBackends, PLUGIN_API_VERSION } from './kernel/plugin.ts';
export type {
  PluginDefinition,
  PluginRegistrar,
  PluginContext,
  ExtensionPoint,
  StoreBackendFactory,
  Deps,
} from './kernel/plugin.ts';
export type { PluginCatalog } from './kernel/plugin-loader.ts';
export { createToken, type Token } from './kernel/tokens.ts';
export { CoreTokens, type Clock } from './kernel/core-tokens.ts';
export type { StandardSchemaV1 } from './kernel/standard-schema.ts';
export { KernelError, type KernelErrorCode } from './kernel/errors.ts';
export * from './contracts/store-backend.ts';
export { ApiError, type ApiErrorCode, type FieldError } from './api/errors.ts';
export type * from './api/types/meta.ts';
export { isRecord } from './api/types/meta.ts';
