import { describe, expect, it } from 'vitest';
import { conflict, notFound } from '../../api/errors.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { bootstrapTokenSecret } from '../../auth/bootstrap-token/token-secret.ts';
import { RecordingClient } from '../../auth/recording-client.ts';
import { IndexedCache } from '../framework/indexed-cache.ts';
import { TokenCleanerReconciler } from './token-cleaner.ts';

const now = new Date('2024-06-01T12:00:00Z');
const KEY = 'kube-system/bootstrap-token-abcdef';

function tokenSecret(expiresAt: Date): KubeObject {
  const secret = bootstrapTokenSecret({ id: 'abcdef', secret: '0123456789abcdef' }, { expiresAt });
  secret.metadata.uid = 'uid-1';
  return secret;
}

async function reconcile(secret: KubeObject, client = new RecordingClient()): Promise<{ client: RecordingClient; result: unknown }> {
  const cache = new IndexedCache();
  cache.upsert(secret);
  const result = await new TokenCleanerReconciler(client, cache, () => now).reconcile(KEY);
  return { client, result };
}

describe('TokenCleanerReconciler', () => {
  it('deletes an expired token Secret, only if it is still the same one', async () => {
    const { client, result } = await reconcile(tokenSecret(new Date('2024-06-01T11:00:00Z')));
    expect(client.deletes).toEqual([{ resource: expect.objectContaining({ plural: 'secrets' }), namespace: 'kube-system', name: 'bootstrap-token-abcdef', options: { preconditions: { uid: 'uid-1' } } }]);
    expect(result).toEqual({});
  });

  it('looks again when a token is due to expire', async () => {
    const { client, result } = await reconcile(tokenSecret(new Date('2024-06-01T12:10:00Z')));
    expect(client.deletes).toEqual([]);
    expect(result).toEqual({ requeueAfterMs: 600_000 });
  });

  it('looks at long-lived tokens hourly', async () => {
    const { result } = await reconcile(tokenSecret(new Date('2024-07-01T12:00:00Z')));
    expect(result).toEqual({ requeueAfterMs: 3_600_000 });
  });

  it('leaves other Secrets alone', async () => {
    const opaque = { ...tokenSecret(new Date('2024-06-01T11:00:00Z')), type: 'Opaque' };
    const elsewhere = tokenSecret(new Date('2024-06-01T11:00:00Z'));
    elsewhere.metadata.namespace = 'default';
    for (const secret of [opaque, elsewhere]) {
      const client = new RecordingClient();
      const cache = new IndexedCache();
      cache.upsert(secret);
      await new TokenCleanerReconciler(client, cache, () => now).reconcile(`${secret.metadata.namespace ?? ''}/bootstrap-token-abcdef`);
      expect(client.deletes).toEqual([]);
    }
  });

  it.each([
    ['gone already', notFound('secrets', '', 'bootstrap-token-abcdef')],
    ['replaced meanwhile', conflict('secrets', '', 'bootstrap-token-abcdef', 'Precondition failed: UID in precondition: uid-1, UID in object meta: uid-2')],
  ])('accepts a Secret %s', async (_name, error) => {
    const client = new RecordingClient();
    client.deleteError = error;
    await expect(reconcile(tokenSecret(new Date('2024-06-01T11:00:00Z')), client)).resolves.toBeDefined();
  });
});
