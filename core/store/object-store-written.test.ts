import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { widget, widgetType } from '../../test/fixtures/resource-types.ts';
import { storedPrefixOf } from '../server/handlers/stored-prefix.ts';
import { objectKey } from './keys.ts';
import { MemoryBackend } from './memory-backend.ts';
import { ObjectStore } from './object-store.ts';

describe('ObjectStore.writtenJson', () => {
  let backend: MemoryBackend;
  const prefix = storedPrefixOf(widgetType);

  beforeEach(() => {
    backend = new MemoryBackend();
  });

  afterEach(async () => {
    await backend.close();
  });

  it("gives a create's and an update's object as JSON with its resourceVersion, from the text the write stored", async () => {
    const store = new ObjectStore(backend);
    // The pipeline writes metadata right after the type, as the kind's stored prefix has it.
    const created = await store.create(widgetType, { ...widget('a', 'default'), spec: { size: 1 } });
    const createdJson = store.writtenJson(created, prefix);
    expect(createdJson).toBeDefined();
    expect(JSON.parse(createdJson ?? '')).toEqual(created);
    // The very text a GET answers with.
    expect(createdJson).toBe(await store.getJson(widgetType, 'default', 'a', prefix, () => 'parsed'));

    const updated = await store.guaranteedUpdate(widgetType, 'default', 'a', (w) => ({ ...w, spec: { size: 2 } }));
    expect(JSON.parse(store.writtenJson(updated, prefix) ?? '')).toEqual(updated);
    expect(JSON.parse(store.writtenJson(updated, prefix) ?? '')).toMatchObject({ spec: { size: 2 }, metadata: { resourceVersion: updated.metadata.resourceVersion } });
  });

  it('stores every version without its resourceVersion, which the revision gives, and hands out the object with it', async () => {
    const store = new ObjectStore(backend);
    const key = objectKey(widgetType, 'default', 'a');
    const storedText = async (): Promise<string> => (await backend.get(key))?.value ?? '';
    const created = await store.create(widgetType, { ...widget('a', 'default'), metadata: { name: 'a', namespace: 'default', resourceVersion: '99' } });
    expect(await storedText()).not.toContain('resourceVersion');
    // The updater hands back the object as it read it, resourceVersion and all.
    const updated = await store.guaranteedUpdate(widgetType, 'default', 'a', (w) => ({ ...w, spec: { size: 3 } }));
    expect(await storedText()).not.toContain('resourceVersion');
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    const marked = await store.delete(widgetType, 'default', 'a', {
      beforeDelete: () => ({ kind: 'graceful', deletionTimestamp: '2026-11-28T00:00:00Z', gracePeriodSeconds: 30 }),
    });
    expect(marked.deleted).toBe(false);
    expect(await storedText()).toContain('deletionTimestamp');
    expect(await storedText()).not.toContain('resourceVersion');
    expect(Number(marked.object.metadata.resourceVersion)).toBeGreaterThan(Number(updated.metadata.resourceVersion));
  });

  it('gives nothing for an object no write of it returned, nor for a dry run', async () => {
    const store = new ObjectStore(backend);
    const created = await store.create(widgetType, widget('a', 'default'));
    expect(store.writtenJson(structuredClone(created), prefix)).toBeUndefined();
    const dryRun = await store.create(widgetType, widget('b', 'default'), { dryRun: true });
    expect(store.writtenJson(dryRun, prefix)).toBeUndefined();
    // Another kind's start: the text is not of the shape the prefix promises.
    expect(store.writtenJson(created, '{"apiVersion":"v1","kind":"Other","metadata":{')).toBeUndefined();
  });
});
