import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { IndexedCache, Indexes } from './indexed-cache.ts';

function pod(name: string, node: string | undefined, owners: string[] = []): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ownerReferences: owners.map((uid) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid, controller: true })) },
    spec: node === undefined ? {} : { nodeName: node },
  };
}

const names = (objects: KubeObject[]): string[] => objects.map((o) => o.metadata.name ?? '').sort();

describe('IndexedCache', () => {
  it('moves an object between index values when an update changes them, and keeps it where they stay', () => {
    const cache = new IndexedCache();
    cache.addIndex('node', Indexes.nodeName);
    cache.addIndex('owner', Indexes.ownerUid);
    cache.upsert(pod('a', undefined, ['rs-1']));
    cache.upsert(pod('b', 'n1', ['rs-1']));
    expect(names(cache.byIndex('node', 'n1'))).toEqual(['b']);

    const replaced = cache.upsert(pod('a', 'n1', ['rs-1']));
    expect(replaced?.['spec']).toEqual({});
    expect(names(cache.byIndex('node', 'n1'))).toEqual(['a', 'b']);
    expect(names(cache.byIndex('owner', 'rs-1'))).toEqual(['a', 'b']);
    // The index holds the newest version, not the one replaced.
    expect(cache.byIndex('owner', 'rs-1').find((o) => o.metadata.name === 'a')?.['spec']).toEqual({ nodeName: 'n1' });

    cache.upsert(pod('a', 'n2', ['rs-2']));
    expect(names(cache.byIndex('node', 'n1'))).toEqual(['b']);
    expect(names(cache.byIndex('node', 'n2'))).toEqual(['a']);
    expect(names(cache.byIndex('owner', 'rs-1'))).toEqual(['b']);
    expect(names(cache.byIndex('owner', 'rs-2'))).toEqual(['a']);
    expect(cache.countByIndex('owner', 'rs-1')).toBe(1);
    expect(cache.countByIndex('node', 'n3')).toBe(0);
    expect(() => cache.countByIndex('zone', 'a')).toThrow('no index named zone');
  });

  it('builds an index when it is first read, from what it holds then, and keeps it up from then on; one never read costs nothing', () => {
    const cache = new IndexedCache();
    let calls = 0;
    cache.addIndex('node', (obj) => {
      calls++;
      return Indexes.nodeName(obj);
    });
    cache.upsert(pod('a', 'n1'));
    cache.upsert(pod('b', 'n1'));
    cache.upsert(pod('a', 'n2'));
    cache.remove('default/b');
    expect(calls).toBe(0);
    expect(names(cache.byIndex('node', 'n2'))).toEqual(['a']);
    expect(cache.byIndex('node', 'n1')).toEqual([]);
    expect(calls).toBe(1);
    cache.upsert(pod('c', 'n1'));
    cache.upsert(pod('a', 'n1'));
    expect(names(cache.byIndex('node', 'n1'))).toEqual(['a', 'c']);
    expect(cache.countByIndex('node', 'n2')).toBe(0);
    cache.remove('default/c');
    expect(names(cache.byIndex('node', 'n1'))).toEqual(['a']);
  });

  it('drops a removed object from every index', () => {
    const cache = new IndexedCache();
    cache.addIndex('node', Indexes.nodeName);
    cache.upsert(pod('a', 'n1'));
    cache.upsert(pod('a', 'n1'));
    expect(cache.remove('default/a')?.metadata.name).toBe('a');
    expect(cache.byIndex('node', 'n1')).toEqual([]);
    expect(cache.size).toBe(0);
  });

  it('keeps an index value with one object, two, one again and none consistent, as a uid index has them', () => {
    const cache = new IndexedCache();
    cache.addIndex('node', Indexes.nodeName);
    cache.upsert(pod('a', 'n1'));
    expect(names(cache.byIndex('node', 'n1'))).toEqual(['a']);
    expect(cache.countByIndex('node', 'n1')).toBe(1);
    // The same object again under the same value is still one.
    cache.upsert(pod('a', 'n1'));
    expect(cache.countByIndex('node', 'n1')).toBe(1);
    cache.upsert(pod('b', 'n1'));
    expect(names(cache.byIndex('node', 'n1'))).toEqual(['a', 'b']);
    cache.remove('default/a');
    expect(names(cache.byIndex('node', 'n1'))).toEqual(['b']);
    expect(cache.countByIndex('node', 'n1')).toBe(1);
    cache.upsert(pod('b', 'n2'));
    expect(cache.byIndex('node', 'n1')).toEqual([]);
    expect(cache.countByIndex('node', 'n1')).toBe(0);
    // Removing another object's key under a value leaves its one object there.
    cache.upsert(pod('c', 'n2'));
    cache.remove('default/c');
    expect(names(cache.byIndex('node', 'n2'))).toEqual(['b']);
    cache.remove('default/b');
    expect(cache.countByIndex('node', 'n2')).toBe(0);
  });

  it('gives objects with the same one value the same frozen list, and several owners a list of their uids', () => {
    const [a, b] = [pod('a', 'n1', ['rs-1']), pod('b', 'n1', ['rs-1'])];
    expect(Indexes.nodeName(a)).toBe(Indexes.nodeName(b));
    expect(Indexes.namespace(a)).toBe(Indexes.namespace(b));
    expect(Indexes.ownerUid(a)).toBe(Indexes.ownerUid(b));
    expect(Object.isFrozen(Indexes.ownerUid(a))).toBe(true);
    expect(Indexes.ownerUid(pod('c', 'n1', ['rs-1', 'rs-2']))).toEqual(['rs-1', 'rs-2']);
    expect(Indexes.ownerUid(pod('d', 'n1'))).toEqual([]);
    expect(Indexes.uncontrolledInNamespace(a)).toEqual([]);
    expect(Indexes.uncontrolledInNamespace(pod('e', undefined))).toEqual(['default']);
    expect(Indexes.nodeName(pod('f', undefined))).toEqual([]);
  });
});
