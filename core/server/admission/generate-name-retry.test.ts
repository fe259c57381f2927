import { afterEach, describe, expect, it, vi } from 'vitest';
import { isApiError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { inProcessApiClient } from '../../../test/support/in-process-api.ts';

/** The suffixes the name generator hands out next, in order; past them, the last one again. */
const suffixes = vi.hoisted(() => ({ next: [] as string[], calls: 0 }));

vi.mock('./generate-name.ts', () => ({
  generateName: (base: string): string => {
    suffixes.calls++;
    return `${base}${suffixes.next.length > 1 ? suffixes.next.shift() : suffixes.next[0]}`;
  },
}));

const configMap = (metadata: KubeObject['metadata']): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default', ...metadata }, data: { k: 'v' } });

describe('generateName (RetryGenerateName, Kubernetes 1.32)', () => {
  afterEach(() => {
    suffixes.next = [];
    suffixes.calls = 0;
  });

  it('generates the name again when the one it generated is taken', async () => {
    const client = await inProcessApiClient('test');
    await client.create(Resources.configMaps, configMap({ name: 'web-bbbbb' }));
    suffixes.next = ['bbbbb', 'bbbbb', 'ccccc'];
    const created = await client.create(Resources.configMaps, configMap({ generateName: 'web-' }));
    expect(created.metadata.name).toBe('web-ccccc');
    expect(suffixes.calls).toBe(3);
  });

  it('gives up with AlreadyExists after 8 attempts, and changes nothing', async () => {
    const client = await inProcessApiClient('test');
    await client.create(Resources.configMaps, configMap({ name: 'web-bbbbb' }));
    suffixes.next = ['bbbbb'];
    const error: unknown = await client.create(Resources.configMaps, configMap({ generateName: 'web-' })).catch((e: unknown) => e);
    expect(isApiError(error, 'AlreadyExists')).toBe(true);
    expect(suffixes.calls).toBe(8);
    expect((await client.list(Resources.configMaps, 'default')).items.map((c) => c.metadata.name)).toEqual(['web-bbbbb']);
  });

  it('does not retry a name the client chose', async () => {
    const client = await inProcessApiClient('test');
    await client.create(Resources.configMaps, configMap({ name: 'web-bbbbb' }));
    const error: unknown = await client.create(Resources.configMaps, configMap({ name: 'web-bbbbb', generateName: 'web-' })).catch((e: unknown) => e);
    expect(isApiError(error, 'AlreadyExists')).toBe(true);
    expect(suffixes.calls).toBe(0);
  });
});
