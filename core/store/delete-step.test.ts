import { describe, expect, it } from 'vitest';
import { widget, widgetType } from '../../test/fixtures/resource-types.ts';
import type { WriteOutcome } from '../contracts/store-backend.ts';
import type { KubeObject } from '../api/types/meta.ts';
import type { BeforeDelete } from './delete-step.ts';
import { objectKey } from './keys.ts';
import { MemoryBackend } from './memory-backend.ts';
import { ObjectStore } from './object-store.ts';

const AT = '2030-01-01T00:00:00Z';
const KEY = objectKey(widgetType, 'default', 'a');

/** As a pod's strategy: a first delete marks with grace 0, an object already at grace 0 is deleted. */
const graceZero: BeforeDelete = (current) =>
  current.metadata.deletionTimestamp === undefined ? { kind: 'graceful', deletionTimestamp: AT, gracePeriodSeconds: 0 } : { kind: 'delete' };

/** A backend on which `meddle` runs once, just before the first delete reaches it: another client's write in the gap. */
class MeddlingBackend extends MemoryBackend {
  meddle: (() => Promise<void>) | undefined;

  /** another writer's change to the widget, below the ObjectStore */
  async touch(): Promise<void> {
    const kv = await this.get(KEY);
    if (kv === undefined) throw new Error('nothing to touch');
    const obj = JSON.parse(kv.value) as KubeObject;
    obj.metadata.labels = { touched: 'yes' };
    await this.update(KEY, JSON.stringify(obj), kv.modRevision);
  }

  override async delete(key: string, expectedModRevision: number): Promise<WriteOutcome> {
    const meddle = this.meddle;
    this.meddle = undefined;
    await meddle?.();
    return super.delete(key, expectedModRevision);
  }
}

async function setUp() {
  const backend = new MeddlingBackend();
  await backend.open();
  const store = new ObjectStore(backend);
  const created = await store.create(widgetType, widget('a', 'default'));
  return { backend, store, created };
}

describe('a grace-0 deletion raced between its mark and its delete', () => {
  it('answers the mark as deleted when another client deleted the object first', async () => {
    const { backend, store } = await setUp();
    backend.meddle = async () => {
      await store.delete(widgetType, 'default', 'a');
    };
    const result = await store.delete(widgetType, 'default', 'a', { beforeDelete: graceZero });
    expect(result.deleted).toBe(true);
    expect(result.object.metadata).toMatchObject({ deletionTimestamp: AT, deletionGracePeriodSeconds: 0 });
  });

  it('decides again after a concurrent update, and deletes what is stored then', async () => {
    const { backend, store } = await setUp();
    backend.meddle = () => backend.touch();
    const result = await store.delete(widgetType, 'default', 'a', { beforeDelete: graceZero });
    expect(result.deleted).toBe(true);
    expect(result.object.metadata.labels).toEqual({ touched: 'yes' });
    await expect(store.get(widgetType, 'default', 'a')).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('holds a resourceVersion precondition to the version of its own mark, as kube-apiserver does', async () => {
    const { backend, store, created } = await setUp();
    backend.meddle = () => backend.touch();
    const asked: (string | undefined)[] = [];
    const deleting = store.delete(widgetType, 'default', 'a', {
      preconditions: { resourceVersion: created.metadata.resourceVersion },
      beforeDelete: (current, pre) => {
        asked.push(pre?.resourceVersion);
        return graceZero(current, pre);
      },
    });
    // The label write came after the mark, so the precondition (now the mark's version) fails.
    await expect(deleting).rejects.toMatchObject({ code: 'Conflict' });
    expect(asked).toEqual([created.metadata.resourceVersion, String(Number(created.metadata.resourceVersion) + 1)]);
    expect((await store.get(widgetType, 'default', 'a')).metadata.labels).toEqual({ touched: 'yes' });
  });
});
