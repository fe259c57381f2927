import type { PluginCatalog } from '../core/index.ts';

/** Built-in node providers by the name kubernel.yaml uses; each is imported only when a config names it. */
export const providerCatalog: PluginCatalog = {
  simulated: () => import('./simulated/plugin.ts'),
  local: () => import('./local/plugin.ts'),
  aws: () => import('./aws/plugin.ts'),
  gcp: () => import('./gcp/plugin.ts'),
};
