import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RevisionCompactedError, type StoreBackend } from '../../core/contracts/store-backend.ts';
import { BackendEventRecorder, waitFor } from './wait-for.ts';

/**
 * What a backend's test file hands the suite. The suite opens every backend it
 * gets (open must be idempotent) and closes it before `cleanup`. `reopen`,
 * when given, is called after the suite closed the previous instance and
 * returns a new instance over the same storage.
 */
export interface BackendUnderTest {
  backend: StoreBackend;
  reopen?: () => Promise<StoreBackend>;
  cleanup: () => Promise<void>;
}

const PODS = '/registry/core/pods/';
const DEFAULT_PODS = `${PODS}default/`;

/** The StoreBackend contract, as every backend (memory, SQLite, etcd) must honour it. */
export function describeStoreBackendConformance(name: string, makeBackend: () => Promise<BackendUnderTest>): void {
  describe(`StoreBackend conformance: ${name}`, () => {
    let subject: BackendUnderTest;
    let backend: StoreBackend;

    beforeEach(async () => {
      subject = await makeBackend();
      backend = subject.backend;
      await backend.open();
    });

    afterEach(async () => {
      await backend.close();
      await subject.cleanup();
    });

    async function reopen(): Promise<StoreBackend> {
      if (subject.reopen === undefined) throw new Error('reopen is not supported');
      await backend.close();
      backend = await subject.reopen();
      await backend.open();
      return backend;
    }

    describe('compare-and-swap writes', () => {
      it('creates a missing key with createRevision = modRevision = the new revision', async () => {
        const before = await backend.currentRevision();
        const outcome = await backend.create(`${DEFAULT_PODS}a`, '{"v":1}');
        expect(outcome).toEqual({ ok: true, revision: before + 1 });
        expect(await backend.get(`${DEFAULT_PODS}a`)).toEqual({ key: `${DEFAULT_PODS}a`, value: '{"v":1}', createRevision: before + 1, modRevision: before + 1 });
        expect(await backend.currentRevision()).toBe(before + 1);
      });

      it('refuses to create an existing key and returns its current value', async () => {
        await backend.create(`${DEFAULT_PODS}a`, 'one');
        const existing = await backend.get(`${DEFAULT_PODS}a`);
        const revision = await backend.currentRevision();
        expect(await backend.create(`${DEFAULT_PODS}a`, 'two')).toEqual({ ok: false, current: existing });
        expect((await backend.get(`${DEFAULT_PODS}a`))?.value).toBe('one');
        expect(await backend.currentRevision()).toBe(revision);
      });

      it('updates only at the expected modRevision and keeps createRevision', async () => {
        const created = await backend.create(`${DEFAULT_PODS}a`, 'one');
        if (!created.ok) throw new Error('create failed');
        const stale = await backend.update(`${DEFAULT_PODS}a`, 'bad', created.revision - 1);
        expect(stale).toEqual({ ok: false, current: { key: `${DEFAULT_PODS}a`, value: 'one', createRevision: created.revision, modRevision: created.revision } });
        const updated = await backend.update(`${DEFAULT_PODS}a`, 'two', created.revision);
        expect(updated).toEqual({ ok: true, revision: created.revision + 1 });
        expect(await backend.get(`${DEFAULT_PODS}a`)).toEqual({ key: `${DEFAULT_PODS}a`, value: 'two', createRevision: created.revision, modRevision: created.revision + 1 });
        expect(await backend.update(`${DEFAULT_PODS}a`, 'three', created.revision)).toMatchObject({ ok: false, current: { value: 'two' } });
      });

      it('reads a key\'s modRevision alone as get gives it, when it can (modRevision is optional)', async (context) => {
        const read = backend.modRevision?.bind(backend);
        if (read === undefined) {
          context.skip();
          return;
        }
        const created = await backend.create(`${DEFAULT_PODS}a`, 'one');
        if (!created.ok) throw new Error('create failed');
        expect(await read(`${DEFAULT_PODS}a`)).toBe(created.revision);
        const updated = await backend.update(`${DEFAULT_PODS}a`, 'two', created.revision);
        if (!updated.ok) throw new Error('update failed');
        expect(await read(`${DEFAULT_PODS}a`)).toBe((await backend.get(`${DEFAULT_PODS}a`))?.modRevision);
        await backend.delete(`${DEFAULT_PODS}a`, updated.revision);
        expect(await read(`${DEFAULT_PODS}a`)).toBeUndefined();
        expect(await read(`${DEFAULT_PODS}missing`)).toBeUndefined();
      });

      it('does not update or delete a missing key', async () => {
        const revision = await backend.currentRevision();
        expect(await backend.update(`${DEFAULT_PODS}missing`, 'x', 1)).toEqual({ ok: false, current: undefined });
        expect(await backend.delete(`${DEFAULT_PODS}missing`, 1)).toEqual({ ok: false, current: undefined });
        expect(await backend.get(`${DEFAULT_PODS}missing`)).toBeUndefined();
        expect(await backend.currentRevision()).toBe(revision);
      });

      it('deletes only at the expected modRevision', async () => {
        const created = await backend.create(`${DEFAULT_PODS}a`, 'one');
        if (!created.ok) throw new Error('create failed');
        expect(await backend.delete(`${DEFAULT_PODS}a`, created.revision + 7)).toMatchObject({ ok: false, current: { value: 'one' } });
        expect(await backend.delete(`${DEFAULT_PODS}a`, created.revision)).toEqual({ ok: true, revision: created.revision + 1 });
        expect(await backend.get(`${DEFAULT_PODS}a`)).toBeUndefined();
        expect(await backend.create(`${DEFAULT_PODS}a`, 'again')).toEqual({ ok: true, revision: created.revision + 2 });
      });

      it('shares one revision counter across keys, one step per successful write', async () => {
        const start = await backend.currentRevision();
        const a = await backend.create(`${DEFAULT_PODS}a`, '1');
        const b = await backend.create('/registry/core/configmaps/default/b', '1');
        const a2 = await backend.update(`${DEFAULT_PODS}a`, '2', start + 1);
        const b2 = await backend.delete('/registry/core/configmaps/default/b', start + 2);
        expect([a, b, a2, b2].map((o) => (o.ok ? o.revision : -1))).toEqual([start + 1, start + 2, start + 3, start + 4]);
        expect(await backend.currentRevision()).toBe(start + 4);
      });
    });

    describe('range and count', () => {
      const keys = [`${DEFAULT_PODS}b`, `${PODS}default2/x`, `${DEFAULT_PODS}a`, `${PODS}kube-system/z`, `${DEFAULT_PODS}c`, `${PODS}default`, '/registry/core/podsx/default/a'];
      beforeEach(async () => {
        for (const key of keys) await backend.create(key, `v-${key}`);
      });

      it('returns only the keys under the prefix, in key order, with their values', async () => {
        const result = await backend.range(DEFAULT_PODS);
        expect(result.items.map((kv) => kv.key)).toEqual([`${DEFAULT_PODS}a`, `${DEFAULT_PODS}b`, `${DEFAULT_PODS}c`]);
        expect(result.items[0]?.value).toBe(`v-${DEFAULT_PODS}a`);
        expect(result.more).toBe(false);
        expect(result.revision).toBe(await backend.currentRevision());
      });

      it('ranges over a whole resource across namespaces', async () => {
        const result = await backend.range(PODS);
        expect(result.items.map((kv) => kv.key)).toEqual([`${PODS}default`, `${DEFAULT_PODS}a`, `${DEFAULT_PODS}b`, `${DEFAULT_PODS}c`, `${PODS}default2/x`, `${PODS}kube-system/z`]);
      });

      it('pages with startAfter and limit, reporting more until the last page', async () => {
        const first = await backend.range(DEFAULT_PODS, { limit: 2 });
        expect(first.items.map((kv) => kv.key)).toEqual([`${DEFAULT_PODS}a`, `${DEFAULT_PODS}b`]);
        expect(first.more).toBe(true);
        const second = await backend.range(DEFAULT_PODS, { limit: 2, startAfter: `${DEFAULT_PODS}b` });
        expect(second.items.map((kv) => kv.key)).toEqual([`${DEFAULT_PODS}c`]);
        expect(second.more).toBe(false);
        const exact = await backend.range(DEFAULT_PODS, { limit: 3 });
        expect(exact.items).toHaveLength(3);
        expect(exact.more).toBe(false);
      });

      it('treats startAfter as exclusive even when that key no longer exists', async () => {
        const result = await backend.range(DEFAULT_PODS, { startAfter: `${DEFAULT_PODS}aa` });
        expect(result.items.map((kv) => kv.key)).toEqual([`${DEFAULT_PODS}b`, `${DEFAULT_PODS}c`]);
        const before = await backend.range(DEFAULT_PODS, { startAfter: '/registry/core/' });
        expect(before.items).toHaveLength(3);
      });

      it('counts the keys under a prefix', async () => {
        expect(await backend.count(DEFAULT_PODS)).toBe(3);
        expect(await backend.count(PODS)).toBe(6);
        expect(await backend.count('/registry/apps/')).toBe(0);
      });
    });

    describe('watch', () => {
      it('replays the history after fromRevision, in order, with prev values', async () => {
        const start = await backend.currentRevision();
        await backend.create(`${DEFAULT_PODS}a`, 'a1');
        await backend.create('/registry/core/configmaps/default/x', 'x1');
        await backend.update(`${DEFAULT_PODS}a`, 'a2', start + 1);
        await backend.delete(`${DEFAULT_PODS}a`, start + 3);
        const recorder = new BackendEventRecorder();
        const watch = await backend.watch(PODS, start, recorder);
        await recorder.waitForEvents(3);
        expect(recorder.summary()).toEqual([`${start + 1} put ${DEFAULT_PODS}a=a1 prev=-`, `${start + 3} put ${DEFAULT_PODS}a=a2 prev=a1`, `${start + 4} delete ${DEFAULT_PODS}a=a2 prev=a2`]);
        const fromMiddle = new BackendEventRecorder();
        const second = await backend.watch(PODS, start + 3, fromMiddle);
        await fromMiddle.waitForEvents(1);
        expect(fromMiddle.events.map((e) => e.revision)).toEqual([start + 4]);
        watch.close();
        second.close();
      });

      it('streams live changes under the prefix in order, delete events carrying the old value', async () => {
        const recorder = new BackendEventRecorder();
        const watch = await backend.watch(DEFAULT_PODS, await backend.currentRevision(), recorder);
        const created = await backend.create(`${DEFAULT_PODS}a`, 'a1');
        await backend.create(`${PODS}default2/x`, 'ignored');
        if (!created.ok) throw new Error('create failed');
        const updated = await backend.update(`${DEFAULT_PODS}a`, 'a2', created.revision);
        if (!updated.ok) throw new Error('update failed');
        await backend.delete(`${DEFAULT_PODS}a`, updated.revision);
        const events = await recorder.waitForEvents(3);
        expect(events.map((e) => e.type)).toEqual(['put', 'put', 'delete']);
        expect(events[1]?.prev).toEqual({ key: `${DEFAULT_PODS}a`, value: 'a1', createRevision: created.revision, modRevision: created.revision });
        expect(events[1]?.kv).toEqual({ key: `${DEFAULT_PODS}a`, value: 'a2', createRevision: created.revision, modRevision: updated.revision });
        expect(events[2]).toMatchObject({ revision: updated.revision + 1, kv: { key: `${DEFAULT_PODS}a`, value: 'a2' }, prev: { value: 'a2', modRevision: updated.revision } });
        watch.close();
      });

      it('delivers nothing after close', async () => {
        const recorder = new BackendEventRecorder();
        const watch = await backend.watch(DEFAULT_PODS, await backend.currentRevision(), recorder);
        await backend.create(`${DEFAULT_PODS}a`, 'a1');
        await recorder.waitForEvents(1);
        watch.close();
        await backend.create(`${DEFAULT_PODS}b`, 'b1');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(recorder.events).toHaveLength(1);
      });

      it('fails watches from a compacted revision and still serves the newer ones', async () => {
        const start = await backend.currentRevision();
        for (const name of ['a', 'b', 'c', 'd']) await backend.create(`${DEFAULT_PODS}${name}`, name);
        await backend.compact(start + 2);
        await expect(backend.watch(DEFAULT_PODS, start, new BackendEventRecorder())).rejects.toBeInstanceOf(RevisionCompactedError);
        const recorder = new BackendEventRecorder();
        const watch = await backend.watch(DEFAULT_PODS, start + 2, recorder);
        await recorder.waitForEvents(2);
        expect(recorder.events.map((e) => e.kv.key)).toEqual([`${DEFAULT_PODS}c`, `${DEFAULT_PODS}d`]);
        watch.close();
      });

      it('ends open watches with an error when the store closes', async () => {
        const recorder = new BackendEventRecorder();
        await backend.watch(DEFAULT_PODS, await backend.currentRevision(), recorder);
        await backend.close();
        await waitFor(() => recorder.errors.length === 1, 'the watch error');
        await backend.open();
      });
    });

    describe('durability across a reopen', () => {
      it('keeps values, the revision (even after a delete) and the history', async (context) => {
        if (subject.reopen === undefined) return context.skip();
        const a = await backend.create(`${DEFAULT_PODS}a`, 'a1');
        const b = await backend.create(`${DEFAULT_PODS}b`, 'b1');
        if (!a.ok || !b.ok) throw new Error('create failed');
        await backend.update(`${DEFAULT_PODS}a`, 'a2', a.revision);
        await backend.delete(`${DEFAULT_PODS}b`, b.revision);
        const revision = await backend.currentRevision();
        const reopened = await reopen();
        expect(await reopened.currentRevision()).toBe(revision);
        expect(await reopened.get(`${DEFAULT_PODS}a`)).toEqual({ key: `${DEFAULT_PODS}a`, value: 'a2', createRevision: a.revision, modRevision: b.revision + 1 });
        expect(await reopened.get(`${DEFAULT_PODS}b`)).toBeUndefined();
        const recorder = new BackendEventRecorder();
        const watch = await reopened.watch(DEFAULT_PODS, a.revision - 1, recorder);
        await recorder.waitForEvents(4);
        expect(recorder.summary()).toEqual([
          `${a.revision} put ${DEFAULT_PODS}a=a1 prev=-`,
          `${b.revision} put ${DEFAULT_PODS}b=b1 prev=-`,
          `${b.revision + 1} put ${DEFAULT_PODS}a=a2 prev=a1`,
          `${b.revision + 2} delete ${DEFAULT_PODS}b=b1 prev=b1`,
        ]);
        expect(await reopened.create(`${DEFAULT_PODS}c`, 'c1')).toEqual({ ok: true, revision: revision + 1 });
        await recorder.waitForEvents(5);
        watch.close();
      });

      it('keeps the compaction point and the revision when compaction emptied the history', async (context) => {
        if (subject.reopen === undefined) return context.skip();
        const start = await backend.currentRevision();
        await backend.create(`${DEFAULT_PODS}a`, 'a1');
        await backend.delete(`${DEFAULT_PODS}a`, start + 1);
        await backend.compact(start + 2);
        const reopened = await reopen();
        expect(await reopened.currentRevision()).toBe(start + 2);
        await expect(reopened.watch(DEFAULT_PODS, start, new BackendEventRecorder())).rejects.toBeInstanceOf(RevisionCompactedError);
        expect(await reopened.create(`${DEFAULT_PODS}a`, 'again')).toEqual({ ok: true, revision: start + 3 });
      });
    });
  });
}
