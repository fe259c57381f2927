import { describe, expect, it } from 'vitest';
import { configMapJson, OBJECT_BYTES } from './store-objects.ts';

describe('configMapJson', () => {
  it.each<{ name: string; annotations: Record<string, string> }>([
    { name: 'seq-0', annotations: {} },
    { name: 'conc-19999', annotations: {} },
    { name: 'watch-199', annotations: { 'bench.kubernel.dev/sent-at': '1764158400123.456' } },
  ])('$name is exactly OBJECT_BYTES of valid ConfigMap JSON', ({ name, annotations }) => {
    const json = configMapJson(name, annotations);
    expect(Buffer.byteLength(json)).toBe(OBJECT_BYTES);
    const parsed: unknown = JSON.parse(json);
    expect(parsed).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'bench', annotations } });
  });
});
