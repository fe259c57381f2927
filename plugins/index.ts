import type { PluginCatalog } from '../core/index.ts';

/** Built-in plugins by the name kubernel.yaml uses; each is imported only when a config names it. */
export const pluginCatalog: PluginCatalog = {};
