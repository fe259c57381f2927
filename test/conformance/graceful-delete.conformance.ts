import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/errors.ts';
import type { BeforeDelete, DeleteStep } from '../../core/store/delete-step.ts';
import { widget, widgetType } from '../fixtures/resource-types.ts';
import { expectApiError, WatchRecorder, type ObjectStoreHarness } from './object-store-harness.ts';

const AT = '2030-01-01T00:00:30Z';

/** A strategy that always answers `step`, recording what it was asked. */
function answering(step: DeleteStep, asked: { rv: string | undefined; preconditionRv: string | undefined }[] = []): BeforeDelete {
  return (current, preconditions) => {
    asked.push({ rv: current.metadata.resourceVersion, preconditionRv: preconditions?.resourceVersion });
    return step;
  };
}

/** ObjectStore.delete with a kind's BeforeDelete (graceful deletion); `h` is refilled before each test. */
export function describeGracefulDeleteConformance(h: ObjectStoreHarness): void {
  describe('graceful delete', () => {
    it('a graceful step above 0 marks the object (MODIFIED) and keeps it; generation stays', async () => {
      const created = await h.store.create(widgetType, widget('a', 'default'));
      const recorder = new WatchRecorder();
      const handle = await h.cache.watch(widgetType, 'default', { resourceVersion: created.metadata.resourceVersion }, recorder);
      const result = await h.store.delete(widgetType, 'default', 'a', { beforeDelete: answering({ kind: 'graceful', deletionTimestamp: AT, gracePeriodSeconds: 30 }) });
      expect(result.deleted).toBe(false);
      expect(result.object.metadata).toMatchObject({ deletionTimestamp: AT, deletionGracePeriodSeconds: 30, generation: 1 });
      const stored = await h.store.get(widgetType, 'default', 'a');
      expect(stored).toEqual(result.object);
      expect(Number(stored.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
      expect(await recorder.waitFor(1)).toEqual(['MODIFIED a']);
      handle.close();
    });

    it('an update during a graceful deletion keeps the object; once the period is 0, losing the last finalizer deletes it', async () => {
      await h.store.create(widgetType, widget('a', 'default', { metadata: { finalizers: ['test/hold'] } }));
      const marked = await h.store.delete(widgetType, 'default', 'a', { beforeDelete: answering({ kind: 'graceful', deletionTimestamp: AT, gracePeriodSeconds: 30 }) });
      // As ShouldDeleteDuringUpdate: the existing object's grace period is not over.
      const released = await h.store.update(widgetType, { ...marked.object, metadata: { ...marked.object.metadata, finalizers: [] } });
      expect(released.metadata).toMatchObject({ deletionTimestamp: AT, deletionGracePeriodSeconds: 30 });
      const relabelled = await h.store.update(widgetType, { ...released, metadata: { ...released.metadata, labels: { still: 'here' } } });
      expect((await h.store.get(widgetType, 'default', 'a')).metadata.labels).toEqual({ still: 'here' });
      const held = await h.store.update(widgetType, { ...relabelled, metadata: { ...relabelled.metadata, finalizers: ['test/hold'] } });
      await h.store.delete(widgetType, 'default', 'a', { beforeDelete: answering({ kind: 'graceful', deletionTimestamp: AT, gracePeriodSeconds: 0 }) });
      const atZero = await h.store.get(widgetType, 'default', 'a');
      expect(atZero.metadata.deletionGracePeriodSeconds).toBe(0);
      expect(held.metadata.finalizers).toEqual(['test/hold']);
      await h.store.update(widgetType, { ...atZero, metadata: { ...atZero.metadata, finalizers: [] } });
      await expectApiError(h.store.get(widgetType, 'default', 'a'), 'NotFound');
    });

    it('a pending step changes nothing and answers the stored object', async () => {
      await h.store.create(widgetType, widget('a', 'default'));
      const marked = await h.store.delete(widgetType, 'default', 'a', { beforeDelete: answering({ kind: 'graceful', deletionTimestamp: AT, gracePeriodSeconds: 30 }) });
      const again = await h.store.delete(widgetType, 'default', 'a', { beforeDelete: answering({ kind: 'pending' }) });
      expect(again).toEqual({ object: marked.object, deleted: false });
      expect((await h.store.get(widgetType, 'default', 'a')).metadata.resourceVersion).toBe(marked.object.metadata.resourceVersion);
    });

    it('a graceful step of 0 writes the mark, then deletes: watchers see MODIFIED, then DELETED with the mark', async () => {
      const created = await h.store.create(widgetType, widget('a', 'default'));
      const recorder = new WatchRecorder();
      const handle = await h.cache.watch(widgetType, 'default', { resourceVersion: created.metadata.resourceVersion }, recorder);
      const result = await h.store.delete(widgetType, 'default', 'a', {
        preconditions: { uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion },
        beforeDelete: answering({ kind: 'graceful', deletionTimestamp: AT, gracePeriodSeconds: 0 }),
      });
      expect(result.deleted).toBe(true);
      expect(result.object.metadata).toMatchObject({ deletionTimestamp: AT, deletionGracePeriodSeconds: 0 });
      await expectApiError(h.store.get(widgetType, 'default', 'a'), 'NotFound');
      expect(await recorder.waitFor(2)).toEqual(['MODIFIED a', 'DELETED a']);
      expect(recorder.sent[1]?.object.metadata.deletionGracePeriodSeconds).toBe(0);
      handle.close();
    });

    it('a graceful step of 0 only marks an object with finalizers', async () => {
      await h.store.create(widgetType, widget('a', 'default', { metadata: { finalizers: ['test/hold'] } }));
      const result = await h.store.delete(widgetType, 'default', 'a', { beforeDelete: answering({ kind: 'graceful', deletionTimestamp: AT, gracePeriodSeconds: 0 }) });
      expect(result.deleted).toBe(false);
      expect((await h.store.get(widgetType, 'default', 'a')).metadata).toMatchObject({ deletionTimestamp: AT, deletionGracePeriodSeconds: 0 });
    });

    it('a dry run answers the marked object and stores nothing', async () => {
      const created = await h.store.create(widgetType, widget('a', 'default'));
      const kept = await h.store.delete(widgetType, 'default', 'a', { dryRun: true, beforeDelete: answering({ kind: 'graceful', deletionTimestamp: AT, gracePeriodSeconds: 30 }) });
      expect(kept.deleted).toBe(false);
      expect(kept.object.metadata.deletionGracePeriodSeconds).toBe(30);
      const gone = await h.store.delete(widgetType, 'default', 'a', { dryRun: true, beforeDelete: answering({ kind: 'graceful', deletionTimestamp: AT, gracePeriodSeconds: 0 }) });
      expect(gone.deleted).toBe(true);
      expect(await h.store.get(widgetType, 'default', 'a')).toEqual(created);
    });

    it('asks the strategy with the stored object and the preconditions; what it throws fails the delete', async () => {
      const created = await h.store.create(widgetType, widget('a', 'default'));
      const asked: { rv: string | undefined; preconditionRv: string | undefined }[] = [];
      await h.store.delete(widgetType, 'default', 'a', { preconditions: { resourceVersion: created.metadata.resourceVersion }, beforeDelete: answering({ kind: 'pending' }, asked) });
      expect(asked).toEqual([{ rv: created.metadata.resourceVersion, preconditionRv: created.metadata.resourceVersion }]);
      const refusing: BeforeDelete = () => {
        throw new ApiError('Conflict', 'refused by the strategy');
      };
      const error = await expectApiError(h.store.delete(widgetType, 'default', 'a', { beforeDelete: refusing }), 'Conflict');
      expect(error.message).toBe('refused by the strategy');
      expect(await h.store.get(widgetType, 'default', 'a')).toEqual(created);
    });

    it('a delete step is the plain delete', async () => {
      await h.store.create(widgetType, widget('a', 'default'));
      const result = await h.store.delete(widgetType, 'default', 'a', { beforeDelete: answering({ kind: 'delete' }) });
      expect(result.deleted).toBe(true);
      await expectApiError(h.store.get(widgetType, 'default', 'a'), 'NotFound');
    });
  });
}
