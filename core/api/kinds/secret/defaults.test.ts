import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { defaultSecret, normalizeSecret } from './defaults.ts';

function secret(body: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, ...body };
}

describe('normalizeSecret', () => {
  it('encodes stringData into data and drops it', () => {
    const obj = secret({ stringData: { 'config.yaml': 'apiUrl: "https://my.api.com/api/v1"\n' } });
    normalizeSecret(obj);
    expect(obj['stringData']).toBeUndefined();
    expect(obj['data']).toEqual({ 'config.yaml': Buffer.from('apiUrl: "https://my.api.com/api/v1"\n').toString('base64') });
  });

  it('lets stringData win over data for the same key, keeping other data', () => {
    const obj = secret({ data: { username: 'YWRtaW4=', password: 'MWYyZDFlMmU2N2Rm' }, stringData: { username: 'administrator' } });
    normalizeSecret(obj);
    expect(obj['data']).toEqual({ username: 'YWRtaW5pc3RyYXRvcg==', password: 'MWYyZDFlMmU2N2Rm' });
  });

  it('encodes UTF-8 text byte for byte', () => {
    const obj = secret({ stringData: { greeting: 'grüß dich' } });
    normalizeSecret(obj);
    expect(obj['data']).toEqual({ greeting: Buffer.from('grüß dich', 'utf8').toString('base64') });
  });

  it('keeps non-string values in stringData for validation to report', () => {
    const obj = secret({ stringData: { ok: 'x', port: 5432 } });
    normalizeSecret(obj);
    expect(obj['stringData']).toEqual({ port: 5432 });
    expect(obj['data']).toEqual({ ok: 'eA==' });
  });

  it('drops a null stringData', () => {
    const obj = secret({ stringData: null });
    normalizeSecret(obj);
    expect('stringData' in obj).toBe(false);
  });
});

describe('defaultSecret', () => {
  it('makes an untyped Secret Opaque and applies stringData', () => {
    const obj = secret({ stringData: { a: 'b' } });
    defaultSecret(obj);
    expect(obj).toEqual(secret({ type: 'Opaque', data: { a: 'Yg==' } }));
  });

  it('keeps an explicit type', () => {
    const obj = secret({ type: 'kubernetes.io/tls' });
    defaultSecret(obj);
    expect(obj['type']).toBe('kubernetes.io/tls');
  });
});
