import type { PluginCatalog } from '../core/index.ts';

/** Built-in plugins by the name kubernel.yaml uses; each is imported only when a config names it. */
export const pluginCatalog: PluginCatalog = {
  'scheduling/binpack': () => import('./scheduling-binpack/index.ts'),
  'scheduling/spread': () => import('./scheduling-spread/index.ts'),
  'scheduling/balanced': () => import('./scheduling-balanced/index.ts'),
  'runtime/docker': () => import('./runtime-docker/index.ts'),
  'runtime/process': () => import('./runtime-process/index.ts'),
  'discovery/dns': () => import('./discovery-dns/index.ts'),
  'lb/proxy': () => import('./lb-proxy/index.ts'),
  'lb/iptables': () => import('./lb-iptables/index.ts'),
};
