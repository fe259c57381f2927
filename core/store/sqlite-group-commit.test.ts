import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendEventRecorder } from '../../test/conformance/wait-for.ts';
import { SqliteBackend } from './sqlite-backend.ts';

const PODS = '/registry/core/pods/default/';

describe('SqliteBackend group commit', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function open(): Promise<{ backend: SqliteBackend; reopen: () => Promise<SqliteBackend> }> {
    const dir = mkdtempSync(join(tmpdir(), 'kubernel-group-commit-'));
    const path = join(dir, 'store.db');
    let backend = new SqliteBackend({ path });
    await backend.open();
    cleanups.push(async () => {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const reopen = async (): Promise<SqliteBackend> => {
      await backend.close();
      backend = new SqliteBackend({ path });
      await backend.open();
      return backend;
    };
    return { backend, reopen };
  }

  it('gives writes of one turn consecutive revisions in call order, and keeps them across a restart', async () => {
    const { backend, reopen } = await open();
    const start = await backend.currentRevision();
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => backend.create(`${PODS}p${i}`, `v${i}`)));
    expect(outcomes).toEqual(Array.from({ length: 50 }, (_, i) => ({ ok: true, revision: start + 1 + i })));
    const reopened = await reopen();
    expect(await reopened.currentRevision()).toBe(start + 50);
    expect((await reopened.get(`${PODS}p49`))?.value).toBe('v49');
    const recorder = new BackendEventRecorder();
    await reopened.watch(PODS, start, recorder);
    expect(recorder.events.map((e) => e.revision)).toEqual(Array.from({ length: 50 }, (_, i) => start + 1 + i));
  });

  it('checks each compare against the writes queued before it', async () => {
    const { backend } = await open();
    const [first, second] = await Promise.all([backend.create(`${PODS}a`, 'one'), backend.create(`${PODS}a`, 'two')]);
    if (!first.ok) throw new Error('the first create failed');
    expect(second).toEqual({ ok: false, current: { key: `${PODS}a`, value: 'one', createRevision: first.revision, modRevision: first.revision } });
    const [won, lost] = await Promise.all([backend.update(`${PODS}a`, 'x', first.revision), backend.update(`${PODS}a`, 'y', first.revision)]);
    expect(won).toEqual({ ok: true, revision: first.revision + 1 });
    expect(lost).toMatchObject({ ok: false, current: { value: 'x', modRevision: first.revision + 1 } });
    const [deleted, gone] = await Promise.all([backend.delete(`${PODS}a`, first.revision + 1), backend.delete(`${PODS}a`, first.revision + 1)]);
    expect(deleted).toEqual({ ok: true, revision: first.revision + 2 });
    expect(gone).toEqual({ ok: false, current: undefined });
  });

  it('fails only the write that fails; the others of its turn commit', async () => {
    const { backend } = await open();
    const start = await backend.currentRevision();
    const recorder = new BackendEventRecorder();
    await backend.watch(PODS, start, recorder);
    // SQLite cannot bind an object: this one write throws inside the transaction.
    const unbindable = { not: 'text' } as unknown as string;
    const results = await Promise.allSettled([backend.create(`${PODS}a`, 'a'), backend.create(`${PODS}b`, unbindable), backend.create(`${PODS}c`, 'c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]).toEqual({ status: 'fulfilled', value: { ok: true, revision: start + 1 } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: { ok: true, revision: start + 2 } });
    expect(await backend.get(`${PODS}b`)).toBeUndefined();
    expect(recorder.summary()).toEqual([`${start + 1} put ${PODS}a=a prev=-`, `${start + 2} put ${PODS}c=c prev=-`]);
  });

  it('tells watchers of a write only once it has committed, and before the writer hears back', async () => {
    const { backend } = await open();
    const order: string[] = [];
    const committedAtEvent: number[] = [];
    await backend.watch(PODS, await backend.currentRevision(), {
      onEvents: (events) => {
        order.push(...events.map((e) => `event ${e.revision}`));
        void backend.currentRevision().then((revision) => committedAtEvent.push(revision));
      },
      onError: () => undefined,
    });
    const writes = [backend.create(`${PODS}a`, 'a'), backend.create(`${PODS}b`, 'b')].map((p) => p.then((o) => order.push(`ack ${o.ok ? o.revision : 0}`)));
    // Nothing is committed, published or acknowledged while the writers' turn runs.
    expect(await Promise.race([backend.currentRevision(), Promise.resolve(-1)])).toBe(0);
    expect(order).toEqual([]);
    await Promise.all(writes);
    expect(order).toEqual(['event 1', 'event 2', 'ack 1', 'ack 2']);
    expect(committedAtEvent).toEqual([2, 2]);
  });

  it('commits the writes still queued when it closes', async () => {
    const { backend, reopen } = await open();
    const pending = backend.create(`${PODS}late`, 'late');
    await backend.close();
    expect(await pending).toEqual({ ok: true, revision: 1 });
    expect((await (await reopen()).get(`${PODS}late`))?.value).toBe('late');
  });
});
