import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { widget, widgetType } from '../../test/fixtures/resource-types.ts';
import { MemoryBackend } from './memory-backend.ts';
import { ObjectStore } from './object-store.ts';

describe('ObjectStore.list', () => {
  let backend: MemoryBackend;

  beforeEach(() => {
    backend = new MemoryBackend();
  });

  afterEach(async () => {
    await backend.close();
  });

  it('hands out the version the store holds for the watch cache, not a second copy of it', async () => {
    const store = new ObjectStore(backend);
    const created = await store.create(widgetType, widget('a', 'default'));
    const updated = await store.guaranteedUpdate(widgetType, 'default', 'a', (w) => ({ ...w, spec: { size: 2 } }));
    await store.create(widgetType, widget('b', 'default'));
    const list = await store.list(widgetType, 'default');
    expect(list.items.map((w) => w.metadata.name)).toEqual(['a', 'b']);
    // One object for the writer's answer, the watch events and every informer that lists: not one copy each.
    expect(list.items[0]).toBe(updated);
    expect(list.items[0]).not.toBe(created);
  });

  it('parses what it does not hold: a version no write of this store made', async () => {
    const writer = new ObjectStore(backend);
    const created = await writer.create(widgetType, widget('a', 'default'));
    const reader = new ObjectStore(backend);
    const [item] = (await reader.list(widgetType, 'default')).items;
    expect(item).not.toBe(created);
    expect(item).toEqual(created);
  });
});
