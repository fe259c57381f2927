import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { widget, widgetType } from '../../test/fixtures/resource-types.ts';
import { storedPrefixOf } from '../server/handlers/stored-prefix.ts';
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
