import type { PluginCatalog } from '../kernel/plugin-loader.ts';
import { pluginCatalog } from '../../plugins/index.ts';
import { providerCatalog } from '../../providers/index.ts';

/**
 * The composition root's one reach into plugins/ and providers/: their
 * catalogs of lazy imports, loaded exactly as an out-of-tree plugin would be.
 */
export const builtinCatalog: PluginCatalog = { ...pluginCatalog, ...providerCatalog };
