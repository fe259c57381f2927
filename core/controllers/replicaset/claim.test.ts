import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { applyClaims, planClaims } from './claim.ts';
import { fakeClient, ownerRef, pod } from './test-fixtures.ts';

describe('planClaims', () => {
  const owner = { uid: 'rs-uid', deleting: false };
  const selects = (p: { metadata: { labels?: Record<string, string> } }): boolean => p.metadata.labels?.['app'] === 'web';
  it.each([
    ['owned and selected: kept', { owner: ownerRef('rs-uid') }, 'owned'],
    ['owned, no longer selected: released', { owner: ownerRef('rs-uid'), labels: { app: 'other' } }, 'release'],
    ['orphan selected: adopted', {}, 'adopt'],
    ['orphan not selected: ignored', { labels: { app: 'other' } }, 'none'],
    ['orphan being deleted: ignored', { deleting: true }, 'none'],
    ['controlled by another: ignored', { owner: ownerRef('other-uid') }, 'none'],
  ])('%s', (_case, shape, outcome) => {
    const plan = planClaims(owner, [pod({ name: 'p', ...shape })], selects);
    const where = plan.owned.length > 0 ? 'owned' : plan.adopt.length > 0 ? 'adopt' : plan.release.length > 0 ? 'release' : 'none';
    expect(where).toBe(outcome);
  });

  it('neither adopts nor releases while the owner is being deleted', () => {
    const plan = planClaims({ uid: 'rs-uid', deleting: true }, [pod({ name: 'orphan' }), pod({ name: 'stray', owner: ownerRef('rs-uid'), labels: {} })], selects);
    expect(plan).toEqual({ owned: [], adopt: [], release: [] });
  });
});

describe('applyClaims', () => {
  it('adopts with a strategic patch guarded by the pod uid, and skips pods gone meanwhile', async () => {
    const patches: { name: string; patch: unknown }[] = [];
    const client = fakeClient({
      patch: async <T extends KubeObject>(_r: unknown, _ns: string | undefined, name: string, _type: string, patch: unknown): Promise<T> => {
        if (name === 'gone') throw new ApiError('NotFound', 'pods "gone" not found');
        patches.push({ name, patch });
        return pod({ name }) as T;
      },
    });
    const ref = ownerRef('rs-uid');
    const adopted = await applyClaims(
      { client, resource: Resources.pods, controllerRef: ref, canAdopt: async () => undefined },
      { owned: [], adopt: [pod({ name: 'orphan' }), pod({ name: 'gone' })], release: [pod({ name: 'stray' })] },
    );
    expect(adopted.map((p) => p.metadata.name)).toEqual(['orphan']);
    expect(patches).toEqual([
      { name: 'orphan', patch: { metadata: { ownerReferences: [ref], uid: 'uid-orphan' } } },
      { name: 'stray', patch: { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'rs-uid' }], uid: 'uid-stray' } } },
    ]);
  });

  it('adopts nothing when the owner turns out to be deleted', async () => {
    const client = fakeClient({});
    const claim = applyClaims(
      { client, resource: Resources.pods, controllerRef: ownerRef('rs-uid'), canAdopt: async () => Promise.reject(new Error('ReplicaSet default/web has just been deleted')) },
      { owned: [], adopt: [pod({ name: 'orphan' })], release: [] },
    );
    await expect(claim).rejects.toThrow('has just been deleted');
  });
});
