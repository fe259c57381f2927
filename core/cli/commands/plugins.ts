import { pino } from 'pino';
import { Kernel } from '../../kernel/kernel.ts';
import { storeBackends } from '../../kernel/plugin.ts';
import { builtinStoreBackends } from '../../store/builtin-backends.ts';
import { builtinCatalog } from '../catalog.ts';
import { withNodePoolProviders } from '../../controllers/node-pools/provider-plugins.ts';
import { loadCliConfig } from './config-path.ts';

/** Loads (but does not start) the plugins a config names, and lists them with their versions. */
export async function runPlugins(file: string | undefined): Promise<number> {
  const { config, configDir } = await loadCliConfig(file);
  const kernel = new Kernel({ config: withNodePoolProviders(config, builtinCatalog), configDir, catalog: builtinCatalog, logger: pino({ level: 'silent' }) });
  for (const backend of builtinStoreBackends) kernel.contribute(storeBackends, backend);
  await kernel.load();
  const rows = [['NAME', 'VERSION', 'SOURCE'], ...kernel.plugins.map((p) => [p.name, p.version, p.source])];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const row of rows) process.stdout.write(`${row.map((c, i) => c.padEnd((widths[i] ?? 0) + 3)).join('').trimEnd()}\n`);
  const backends = kernel.contributionsTo(storeBackends).map((b) => b.name);
  process.stdout.write(`\nstore backends: ${backends.join(', ')} (selected: ${config.store.backend})\n`);
  process.stdout.write(`built-in plugins available: ${Object.keys(builtinCatalog).sort().join(', ') || '(none)'}\n`);
  return 0;
}
