import { describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../api/types/meta.ts';
import { claimCandidates } from './claim-candidates.ts';
import { IndexedCache, Indexes } from './indexed-cache.ts';
import { UNCONTROLLED_INDEX } from './informer-factory.ts';

const ref = (uid: string, controller: boolean): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid, controller });

function pod(name: string, namespace: string, owners: OwnerReference[] = []): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid: `uid-${name}`, ownerReferences: owners } };
}

function cache(...pods: KubeObject[]): IndexedCache {
  const c = new IndexedCache();
  c.addIndex('owner', Indexes.ownerUid);
  c.addIndex(UNCONTROLLED_INDEX, Indexes.uncontrolledInNamespace);
  for (const p of pods) c.upsert(p);
  return c;
}

const names = (objs: KubeObject[]): string[] => objs.map((o) => o.metadata.name ?? '').sort();

describe('claimCandidates', () => {
  it("gives what the uid controls and what nobody controls in its namespace, never another controller's", () => {
    const c = cache(
      pod('mine', 'a', [ref('rs-1', true)]),
      pod('orphan', 'a'),
      pod('orphan-with-plain-ref', 'a', [ref('cm-1', false)]),
      pod('theirs', 'a', [ref('rs-2', true)]),
      pod('theirs-naming-me', 'a', [ref('rs-1', false), ref('rs-2', true)]),
      pod('orphan-elsewhere', 'b'),
    );
    expect(names(claimCandidates(c, 'rs-1', 'a'))).toEqual(['mine', 'orphan', 'orphan-with-plain-ref', 'theirs-naming-me']);
  });

  it('lists an object once when it both names the uid and has no controller', () => {
    const c = cache(pod('plain', 'a', [ref('rs-1', false)]));
    expect(names(claimCandidates(c, 'rs-1', 'a'))).toEqual(['plain']);
  });

  it('follows adoption and release: the uncontrolled index moves with the controller reference', () => {
    const c = cache(pod('p', 'a'));
    c.upsert(pod('p', 'a', [ref('rs-2', true)]));
    expect(names(claimCandidates(c, 'rs-1', 'a'))).toEqual([]);
    c.upsert(pod('p', 'a'));
    expect(names(claimCandidates(c, 'rs-1', 'a'))).toEqual(['p']);
  });
});
