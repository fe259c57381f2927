import { loadConfigFile } from '../../kernel/config.ts';

export async function runConfigValidate(file: string): Promise<number> {
  const config = await loadConfigFile(file);
  process.stdout.write(
    `${file} is valid: store ${config.store.backend}, API on ${config.api.address}:${config.api.port}, ${config.plugins.length} plugin(s), ${config.nodePools.length} node pool(s)\n`,
  );
  return 0;
}
