import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';
import { KernelError } from './errors.ts';

async function configError(text: string): Promise<KernelError> {
  try {
    await parseConfig(text, 'kubernel.yaml');
  } catch (error) {
    if (error instanceof KernelError) return error;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('kubernel.yaml', () => {
  it('fills every default from an empty file', async () => {
    const config = await parseConfig('');
    expect(config.store).toEqual({ backend: 'sqlite', watchCacheSize: 10_000 });
    expect(config.api).toMatchObject({ address: '127.0.0.1', port: 6443, maxRequestBodyBytes: 3 * 1024 * 1024 });
    expect(config.plugins).toEqual([]);
  });

  it('reads the shipped default config', async () => {
    const { readFile } = await import('node:fs/promises');
    const config = await parseConfig(await readFile(new URL('../../kubernel.yaml', import.meta.url), 'utf8'));
    expect(config.store.backend).toBe('sqlite');
    expect(config.store.options).toEqual({ path: 'kubernel.db' });
    // load balancers are alternatives, the in-kernel one first (core/services/service-plugins.ts)
    expect(config.plugins.map((p) => p.name)).toEqual(['discovery/dns', 'lb/iptables', 'lb/proxy']);
  });

  it.each([
    ['a misspelt key', 'api:\n  prot: 6443\n', /api: Unrecognized key: "prot"|api.*prot/],
    ['a wrong type', 'api:\n  port: "high"\n', /api\.port: .*number/],
    ['a port out of range', 'api:\n  port: 70000\n', /api\.port/],
    ['a plugin with two sources', 'plugins:\n  - name: a\n    path: ./b.ts\n', /plugins\[0\].*exactly one of name, path or package/],
    ['a bad pool name', 'nodePools:\n  - name: Big_Pool\n    provider: simulated\n', /nodePools\[0\]\.name: must be a DNS-1123 label/],
  ])('names the YAML path of %s', async (_what, text, message) => {
    const error = await configError(text);
    expect(error.code).toBe('KERNEL_ERR_CONFIG_INVALID');
    expect(error.message).toMatch(message);
  });

  it('refuses a YAML alias bomb before expanding it', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      bomb.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const error = await configError(bomb.join('\n'));
    expect(error.code).toBe('KERNEL_ERR_CONFIG_SYNTAX');
    expect(error.message).toMatch(/alias/i);
  });

  it('refuses malformed YAML and duplicate keys', async () => {
    expect((await configError('api: [unclosed')).code).toBe('KERNEL_ERR_CONFIG_SYNTAX');
    expect((await configError('api: {}\napi: {}\n')).message).toMatch(/unique|duplicate/i);
  });
});
