import type { KubernelConfig } from '../../kernel/config-schema.ts';
import type { PluginCatalog } from '../../kernel/plugin-loader.ts';

/**
 * kubernel.yaml's plugins plus the built-in provider plugin of every node
 * pool's `provider`, so that `nodePools: [{ provider: simulated }]` works
 * without also listing the plugin. A provider already listed (to give it
 * options) or not built in (an out-of-tree provider, listed by path) is left
 * as it is.
 */
export function withNodePoolProviders(config: KubernelConfig, catalog: PluginCatalog): KubernelConfig {
  const listed = new Set(config.plugins.flatMap((p) => (p.name === undefined ? [] : [p.name])));
  const added: KubernelConfig['plugins'] = [];
  for (const pool of config.nodePools) {
    if (listed.has(pool.provider) || !Object.hasOwn(catalog, pool.provider)) continue;
    listed.add(pool.provider);
    added.push({ name: pool.provider });
  }
  return added.length === 0 ? config : { ...config, plugins: [...config.plugins, ...added] };
}
