import { describe, expect, it } from 'vitest';
import { parseFieldSelector } from '../../core/api/selectors/field-selector.ts';
import { parseLabelSelector } from '../../core/api/selectors/label-selector.ts';
import type { KubeObject } from '../../core/api/types/meta.ts';
import { clusterWidgetType, widget, widgetType } from '../fixtures/resource-types.ts';
import { expectApiError, useObjectStoreHarness } from './object-store-harness.ts';
import type { BackendUnderTest } from './store-backend.conformance.ts';
import { describeGracefulDeleteConformance } from './graceful-delete.conformance.ts';
import { describeWatchCacheConformance } from './watch-cache.conformance.ts';

const CONFLICT = 'the object has been modified; please apply your changes to the latest version and try again';

/** Kubernetes object semantics (ObjectStore + WatchCache) over any StoreBackend. */
export function describeObjectStoreConformance(name: string, makeBackend: () => Promise<BackendUnderTest>): void {
  describe(`ObjectStore conformance: ${name}`, () => {
    const h = useObjectStoreHarness(makeBackend);

    describe('create and get', () => {
      it('assigns uid, creationTimestamp, generation 1 and the resourceVersion of the write', async () => {
        const input = widget('a', 'default', { data: { k: 'v' }, metadata: { resourceVersion: '99', deletionTimestamp: '2020-01-01T00:00:00Z' } });
        const created = await h.store.create(widgetType, input);
        expect(created.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(created.metadata.generation).toBe(1);
        expect(created.metadata.resourceVersion).toBe(String(await h.backend.currentRevision()));
        expect(created.metadata.deletionTimestamp).toBeUndefined();
        expect(await h.store.get(widgetType, 'default', 'a')).toEqual(created);
      });

      it('refuses a second object with the same name in the same namespace only', async () => {
        await h.store.create(widgetType, widget('a', 'default'));
        const error = await expectApiError(h.store.create(widgetType, widget('a', 'default')), 'AlreadyExists');
        expect(error.message).toBe('widgets.test.kubernel.io "a" already exists');
        expect(error.httpStatus).toBe(409);
        await h.store.create(widgetType, widget('a', 'other'));
      });

      it('reports NotFound for a missing object', async () => {
        const error = await expectApiError(h.store.get(widgetType, 'default', 'nope'), 'NotFound');
        expect(error.message).toBe('widgets.test.kubernel.io "nope" not found');
      });

      it('stores nothing on a dry run', async () => {
        const dry = await h.store.create(widgetType, widget('a', 'default'), { dryRun: true });
        expect(dry.metadata.uid).toBeDefined();
        await expectApiError(h.store.get(widgetType, 'default', 'a'), 'NotFound');
      });
    });

    describe('update', () => {
      it('bumps generation on a spec change only, and the resourceVersion on every change', async () => {
        const created = await h.store.create(widgetType, widget('a', 'default', { data: { k: 'v1' } }));
        const labelled = await h.store.update(widgetType, { ...created, metadata: { ...created.metadata, labels: { app: 'web' } } });
        expect(labelled.metadata.generation).toBe(1);
        expect(Number(labelled.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
        const withStatus = await h.store.update(widgetType, { ...labelled, status: { phase: 'Running' } });
        expect(withStatus.metadata.generation).toBe(1);
        const respecced = await h.store.update(widgetType, { ...withStatus, data: { k: 'v2' } });
        expect(respecced.metadata.generation).toBe(2);
        expect(await h.store.get(widgetType, 'default', 'a')).toEqual(respecced);
      });

      it('rejects a stale resourceVersion with Conflict', async () => {
        const created = await h.store.create(widgetType, widget('a', 'default'));
        await h.store.update(widgetType, { ...created, data: { k: 'new' } });
        const error = await expectApiError(h.store.update(widgetType, { ...created, data: { k: 'lost' } }), 'Conflict');
        expect(error.message).toBe(`Operation cannot be fulfilled on widgets.test.kubernel.io "a": ${CONFLICT}`);
        expect((await h.store.get(widgetType, 'default', 'a'))['data']).toEqual({ k: 'new' });
      });

      it('updates unconditionally when the resourceVersion is empty', async () => {
        const created = await h.store.create(widgetType, widget('a', 'default'));
        await h.store.update(widgetType, { ...created, data: { k: 'new' } });
        const forced = await h.store.update(widgetType, { ...created, data: { k: 'forced' }, metadata: { ...created.metadata, resourceVersion: '' } });
        expect(forced['data']).toEqual({ k: 'forced' });
      });

      it('keeps uid, creationTimestamp and namespace that the client tries to change', async () => {
        const created = await h.store.create(widgetType, widget('a', 'default'));
        const updated = await h.store.update(widgetType, { ...created, metadata: { ...created.metadata, uid: 'forged', creationTimestamp: '2000-01-01T00:00:00Z' } });
        expect(updated.metadata.uid).toBe(created.metadata.uid);
        expect(updated.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
      });

      it('writes nothing when nothing changes', async () => {
        const created = await h.store.create(widgetType, widget('a', 'default', { data: { k: 'v' } }));
        const unchanged = await h.store.update(widgetType, structuredClone(created));
        expect(unchanged.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
        // Clients send JSON in their own key order; that is no change either.
        const { metadata, ...body } = created;
        const reordered: KubeObject = { ...body, metadata: Object.fromEntries(Object.entries(metadata).reverse()) };
        expect((await h.store.update(widgetType, reordered)).metadata.resourceVersion).toBe(created.metadata.resourceVersion);
        expect(await h.backend.currentRevision()).toBe(Number(created.metadata.resourceVersion));
      });

      it('reports NotFound when updating a missing object', async () => {
        await expectApiError(h.store.update(widgetType, widget('nope', 'default')), 'NotFound');
      });
    });

    describe('delete and finalizers', () => {
      it('deletes an object without finalizers', async () => {
        await h.store.create(widgetType, widget('a', 'default'));
        const result = await h.store.delete(widgetType, 'default', 'a');
        expect(result.deleted).toBe(true);
        expect(result.object.metadata.name).toBe('a');
        await expectApiError(h.store.get(widgetType, 'default', 'a'), 'NotFound');
        await expectApiError(h.store.delete(widgetType, 'default', 'a'), 'NotFound');
      });

      it('only marks an object with finalizers, bumping its generation, until the last finalizer goes', async () => {
        await h.store.create(widgetType, widget('a', 'default', { metadata: { finalizers: ['test/one', 'test/two'] } }));
        const marked = await h.store.delete(widgetType, 'default', 'a');
        expect(marked.deleted).toBe(false);
        expect(marked.object.metadata.deletionTimestamp).toMatch(/Z$/);
        expect(marked.object.metadata.deletionGracePeriodSeconds).toBe(0);
        const stored = await h.store.get(widgetType, 'default', 'a');
        expect(stored.metadata.deletionTimestamp).toBe(marked.object.metadata.deletionTimestamp);
        // kube-apiserver's markAsDeleting bumps generation when it sets deletionTimestamp.
        expect(stored.metadata.generation).toBe(2);
        expect((await h.store.delete(widgetType, 'default', 'a')).object.metadata.resourceVersion).toBe(stored.metadata.resourceVersion);

        const cleared = await h.store.update(widgetType, { ...stored, metadata: { ...stored.metadata, deletionTimestamp: undefined, finalizers: ['test/two'] } });
        expect(cleared.metadata.deletionTimestamp).toBe(stored.metadata.deletionTimestamp);
        await h.store.update(widgetType, { ...cleared, metadata: { ...cleared.metadata, finalizers: [] } });
        await expectApiError(h.store.get(widgetType, 'default', 'a'), 'NotFound');
      });

      it('checks uid and resourceVersion preconditions', async () => {
        const created = await h.store.create(widgetType, widget('a', 'default'));
        const uidError = await expectApiError(h.store.delete(widgetType, 'default', 'a', { preconditions: { uid: 'other' } }), 'Conflict');
        expect(uidError.message).toBe(
          `Operation cannot be fulfilled on widgets.test.kubernel.io "a": Precondition failed: UID in precondition: other, UID in object meta: ${created.metadata.uid ?? ''}`,
        );
        await expectApiError(h.store.delete(widgetType, 'default', 'a', { preconditions: { resourceVersion: '1000' } }), 'Conflict');
        const result = await h.store.delete(widgetType, 'default', 'a', { preconditions: { uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion } });
        expect(result.deleted).toBe(true);
      });
    });

    describe('list', () => {
      async function seed(): Promise<void> {
        const specs: [string, string, Record<string, string>, string][] = [
          ['a', 'default', { app: 'web', tier: 'front' }, 'Running'],
          ['b', 'default', { app: 'web', tier: 'back' }, 'Pending'],
          ['c', 'default', { app: 'db' }, 'Running'],
          ['d', 'default2', { app: 'web' }, 'Running'],
          ['e', 'kube-system', {}, 'Failed'],
        ];
        for (const [name, ns, labels, phase] of specs) await h.store.create(widgetType, widget(name, ns, { metadata: { labels }, status: { phase } }));
        await h.store.create(clusterWidgetType, widget('global', undefined));
      }
      const names = (items: KubeObject[]) => items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`);

      it('scopes to one namespace or all of them, with the current resourceVersion', async () => {
        await seed();
        const inDefault = await h.store.list(widgetType, 'default');
        expect(names(inDefault.items)).toEqual(['default/a', 'default/b', 'default/c']);
        expect(inDefault.metadata.resourceVersion).toBe(String(await h.backend.currentRevision()));
        expect(names((await h.store.list(widgetType, undefined)).items)).toEqual(['default/a', 'default/b', 'default/c', 'default2/d', 'kube-system/e']);
        expect(names((await h.store.list(clusterWidgetType, undefined)).items)).toEqual(['/global']);
      });

      it.each([
        ['app=web', undefined, ['default/a', 'default/b', 'default2/d']],
        ['app=web,tier!=back', undefined, ['default/a', 'default2/d']],
        ['app in (db),!tier', undefined, ['default/c']],
        [undefined, 'status.phase=Running', ['default/a', 'default/c', 'default2/d']],
        [undefined, 'metadata.name=b', ['default/b']],
        ['app=web', 'status.phase!=Pending,metadata.namespace=default', ['default/a']],
      ])('filters by label selector %j and field selector %j', async (labels, fields, expected) => {
        await seed();
        const list = await h.store.list(widgetType, undefined, {
          ...(labels === undefined ? {} : { labelSelector: parseLabelSelector(labels) }),
          ...(fields === undefined ? {} : { fieldSelector: parseFieldSelector(fields) }),
        });
        expect(names(list.items)).toEqual(expected);
      });

      it('pages with limit and continue, counting the remaining items, all pages at the first resourceVersion', async () => {
        await seed();
        const first = await h.store.list(widgetType, undefined, { limit: 2 });
        expect(names(first.items)).toEqual(['default/a', 'default/b']);
        expect(first.metadata.remainingItemCount).toBe(3);
        // A write elsewhere moves the store on; the continued pages still report the first page's revision.
        await h.store.create(clusterWidgetType, widget('later', undefined));
        const second = await h.store.list(widgetType, undefined, { limit: 2, continue: first.metadata.continue });
        expect(names(second.items)).toEqual(['default/c', 'default2/d']);
        expect(second.metadata.remainingItemCount).toBe(1);
        expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
        const last = await h.store.list(widgetType, undefined, { limit: 2, continue: second.metadata.continue });
        expect(names(last.items)).toEqual(['kube-system/e']);
        expect(last.metadata.continue).toBeUndefined();
        expect(last.metadata.remainingItemCount).toBeUndefined();
      });

      it('fills pages with matches only when a selector is given, without remainingItemCount', async () => {
        await seed();
        const selector = { labelSelector: parseLabelSelector('app=web') };
        const first = await h.store.list(widgetType, undefined, { ...selector, limit: 2 });
        expect(names(first.items)).toEqual(['default/a', 'default/b']);
        expect(first.metadata.continue).toBeDefined();
        expect(first.metadata.remainingItemCount).toBeUndefined();
        const second = await h.store.list(widgetType, undefined, { ...selector, limit: 2, continue: first.metadata.continue });
        expect(names(second.items)).toEqual(['default2/d']);
        expect(second.metadata.continue).toBeUndefined();
      });

      it('rejects a malformed continue token with BadRequest', async () => {
        await expectApiError(h.store.list(widgetType, undefined, { limit: 1, continue: 'not-a-token' }), 'BadRequest');
      });
    });

    describeWatchCacheConformance(h);
    describeGracefulDeleteConformance(h);
  });
}
