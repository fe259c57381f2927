import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { applyMergePatch } from './merge-patch.ts';

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', labels: { app: 'web', tier: 'frontend' } },
  spec: {
    type: 'ClusterIP',
    selector: { app: 'web' },
    ports: [
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'https', port: 443, targetPort: 8443 },
    ],
  },
};

describe('applyMergePatch', () => {
  it.each([
    {
      name: 'merges nested maps',
      patch: { metadata: { labels: { version: 'v2' } } },
      expected: { ...service, metadata: { name: 'web', labels: { app: 'web', tier: 'frontend', version: 'v2' } } },
    },
    {
      name: 'null deletes a key',
      patch: { metadata: { labels: { tier: null } } },
      expected: { ...service, metadata: { name: 'web', labels: { app: 'web' } } },
    },
    {
      name: 'lists are replaced whole',
      patch: { spec: { ports: [{ name: 'http', port: 8080 }] } },
      expected: { ...service, spec: { ...service.spec, ports: [{ name: 'http', port: 8080 }] } },
    },
    {
      name: 'nulls inside an added object are dropped',
      patch: { spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60, other: null } } } },
      expected: { ...service, spec: { ...service.spec, sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } } },
    },
    {
      name: 'a scalar replaces a map',
      patch: { spec: { selector: 'none' } },
      expected: { ...service, spec: { ...service.spec, selector: 'none' } },
    },
    {
      name: 'deleting a missing key is a no-op',
      patch: { status: null },
      expected: service,
    },
  ])('$name', ({ patch, expected }) => {
    expect(applyMergePatch(service, patch)).toEqual(expected);
  });

  it('does not mutate its inputs', () => {
    const doc = structuredClone(service);
    const patch = { metadata: { labels: { tier: null, added: 'x' } } };
    applyMergePatch(doc, patch);
    expect(doc).toEqual(service);
    expect(patch).toEqual({ metadata: { labels: { tier: null, added: 'x' } } });
  });

  it.each([null, [1, 2], 'text'])('rejects the non-object patch %j with 400', (patch) => {
    expect(() => applyMergePatch(service, patch)).toThrow(ApiError);
    try {
      applyMergePatch(service, patch);
    } catch (error) {
      expect(error instanceof ApiError && error.httpStatus).toBe(400);
    }
  });
});
