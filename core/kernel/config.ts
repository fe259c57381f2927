import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { KernelError } from './errors.ts';
import { configSchema, type KubernelConfig } from './config-schema.ts';
import { validateWithSchema } from './standard-schema.ts';

/** Aliases are rare in hand-written config; a high count is an alias bomb, refused before expansion. */
const MAX_YAML_ALIASES = 50;

export async function loadConfigFile(path: string): Promise<KubernelConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new KernelError('KERNEL_ERR_CONFIG_READ', `cannot read config file ${path}: ${(error as Error).message}`);
  }
  return parseConfig(text, path);
}

/** Parses and validates kubernel.yaml text; errors name the file, the YAML path and what was expected. */
export async function parseConfig(text: string, source = 'kubernel.yaml'): Promise<KubernelConfig> {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new KernelError('KERNEL_ERR_CONFIG_SYNTAX', `${source}: invalid YAML: ${first?.message ?? 'unknown error'}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    throw new KernelError('KERNEL_ERR_CONFIG_SYNTAX', `${source}: invalid YAML: ${(error as Error).message}`);
  }
  const result = await validateWithSchema(configSchema, raw ?? {}, '');
  if (!result.ok) {
    throw new KernelError('KERNEL_ERR_CONFIG_INVALID', `${source} is invalid:\n  ${result.errors.join('\n  ')}`);
  }
  return result.value;
}
