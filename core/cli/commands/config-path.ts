import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseConfig, loadConfigFile } from '../../kernel/config.ts';
import type { KubernelConfig } from '../../kernel/config-schema.ts';

/** The config a command runs with: FILE when given, else ./kubernel.yaml when present, else the defaults. */
export async function loadCliConfig(file: string | undefined): Promise<{ config: KubernelConfig; configDir: string }> {
  if (file !== undefined) return { config: await loadConfigFile(file), configDir: dirname(resolve(file)) };
  const local = resolve('kubernel.yaml');
  try {
    await access(local);
    return { config: await loadConfigFile(local), configDir: dirname(local) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { config: await parseConfig('{}', '(defaults)'), configDir: process.cwd() };
  }
}
