import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RevisionCompactedError } from '../contracts/store-backend.ts';
import { describeObjectStoreConformance } from '../../test/conformance/object-store.conformance.ts';
import { describeStoreBackendConformance } from '../../test/conformance/store-backend.conformance.ts';
import { BackendEventRecorder, waitFor } from '../../test/conformance/wait-for.ts';
import { SqliteBackend, type SqliteBackendOptions } from './sqlite-backend.ts';
import { PAGE_SIZE, prefixUpperBound, WAL_RESTART_PAGES } from './sqlite-schema.ts';

const PODS = '/registry/core/pods/default/';

async function onTempFile(options: Partial<SqliteBackendOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kubernel-sqlite-'));
  const path = join(dir, 'state', 'store.db');
  const make = () => new SqliteBackend({ ...options, path });
  return {
    path,
    backend: make(),
    reopen: async () => make(),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `batches` rounds of `perBatch` concurrent creates of `valueBytes` each: one commit per round */
async function createInBatches(backend: SqliteBackend, shape: { batches: number; perBatch: number; valueBytes: number }): Promise<void> {
  const value = 'v'.repeat(shape.valueBytes);
  for (let batch = 0; batch < shape.batches; batch++) {
    await Promise.all(Array.from({ length: shape.perBatch }, (_, i) => backend.create(`/registry/core/configmaps/default/c${batch}-${i}`, value)));
  }
}

describeStoreBackendConformance('sqlite', () => onTempFile());
describeObjectStoreConformance('sqlite', () => onTempFile());

describe('SqliteBackend', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function openOnTempFile(options: Partial<SqliteBackendOptions> = {}) {
    const subject = await onTempFile(options);
    let backend = subject.backend;
    cleanups.push(async () => {
      await backend.close();
      await subject.cleanup();
    });
    await backend.open();
    const reopen = async () => {
      await backend.close();
      backend = await subject.reopen();
      await backend.open();
      return backend;
    };
    return { backend, reopen, path: subject.path };
  }

  /** the revisions in a closed file's change log */
  function logRevisions(path: string): number[] {
    const db = new Database(path, { readonly: true });
    try {
      return db.prepare<[], number>('SELECT revision FROM changes ORDER BY revision').pluck().all();
    } finally {
      db.close();
    }
  }

  it('prunes the change log in batches and keeps the revision and the retained history across a restart', async () => {
    const { backend, reopen } = await openOnTempFile({ historySize: 8 });
    for (let i = 1; i <= 30; i++) await backend.create(`/registry/core/pods/default/p${i}`, `v${i}`);
    for (let i = 1; i <= 3; i++) {
      const kv = await backend.get(`/registry/core/pods/default/p${i}`);
      await backend.delete(`/registry/core/pods/default/p${i}`, kv?.modRevision ?? 0);
    }
    const reopened = await reopen();
    expect(await reopened.currentRevision()).toBe(33);
    expect(await reopened.count('/registry/core/pods/')).toBe(27);
    // At most 1.25 × historySize changes are kept, never fewer than historySize.
    await expect(reopened.watch('/registry/', 20, new BackendEventRecorder())).rejects.toBeInstanceOf(RevisionCompactedError);
    const recorder = new BackendEventRecorder();
    await reopened.watch('/registry/', 25, recorder);
    expect(recorder.events.map((e) => e.revision)).toEqual([26, 27, 28, 29, 30, 31, 32, 33]);
    expect(recorder.events.at(-1)).toMatchObject({ type: 'delete', kv: { key: '/registry/core/pods/default/p3', value: 'v3' } });
  });

  it('keeps a pruned change that a retained one names as its previous version, and replays both after a restart', async () => {
    const { backend, reopen, path } = await openOnTempFile({ historySize: 8 });
    const a = `/registry/core/pods/default/a`;
    await backend.create(a, 'a1');
    for (let i = 2; i <= 9; i++) await backend.create(`/registry/core/pods/default/p${i}`, `v${i}`);
    await backend.update(a, 'a2', 1);
    // The 11th change prunes the log to 3, past a's creation, which the update at 10 names.
    await backend.create(`/registry/core/pods/default/p11`, 'v11');
    await backend.delete(a, 10);
    const reopened = await reopen();
    const recorder = new BackendEventRecorder();
    await reopened.watch(a, 3, recorder);
    expect(recorder.summary()).toEqual([`10 put ${a}=a2 prev=a1`, `12 delete ${a}=a2 prev=a2`]);
    await reopened.close();
    expect(logRevisions(path)).toEqual([1, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const again = await reopen();
    for (let i = 13; i <= 20; i++) await again.create(`/registry/core/pods/default/q${i}`, `v${i}`);
    await again.close();
    // Once the changes that named them are pruned, so are they.
    expect(logRevisions(path)).toEqual([13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it("gives an update's event its previous version, whether or not this thread still holds it", async () => {
    const { backend } = await openOnTempFile({ historySize: 8 });
    const recorder = new BackendEventRecorder();
    await backend.watch('/registry/core/pods/default/', 0, recorder);
    await backend.create(`${PODS}a`, 'a1');
    await backend.create(`${PODS}b`, 'b1');
    // b's version is among the last 8 written; a's, after 9 more writes, is not.
    await backend.update(`${PODS}b`, 'b2', 2);
    for (let i = 0; i < 9; i++) await backend.create(`/registry/core/configmaps/default/c${i}`, `c${i}`);
    await backend.update(`${PODS}a`, 'a2', 1);
    await backend.delete(`${PODS}b`, 3);
    expect(recorder.summary().slice(2)).toEqual([`3 put ${PODS}b=b2 prev=b1`, `13 put ${PODS}a=a2 prev=a1`, `14 delete ${PODS}b=b2 prev=b2`]);
  });

  /** writes with `write`, edits the closed file with `editSql`, and opens it again */
  async function reopenedAfterEditingLog(write: (backend: SqliteBackend) => Promise<unknown>, editSql: string): Promise<SqliteBackend> {
    const subject = await onTempFile();
    await subject.backend.open();
    await write(subject.backend);
    await subject.backend.close();
    const db = new Database(subject.path);
    db.exec(editSql);
    db.close();
    const reopened = await subject.reopen();
    cleanups.push(async () => {
      await reopened.close();
      await subject.cleanup();
    });
    await reopened.open();
    return reopened;
  }

  it('replays a log whose rows carry their previous values (written by an earlier version)', async () => {
    const a = `/registry/core/pods/default/a`;
    const reopened = await reopenedAfterEditingLog(
      async (backend) => {
        await backend.create(a, 'a1');
        await backend.update(a, 'a2', 1);
        await backend.delete(a, 2);
      },
      `UPDATE changes SET prev_value = 'a1' WHERE revision = 2; UPDATE changes SET value = 'a2', prev_value = 'a2' WHERE revision = 3;
       DELETE FROM changes WHERE revision = 1; UPDATE meta SET value = 1 WHERE name = 'compacted_revision';`,
    );
    const recorder = new BackendEventRecorder();
    await reopened.watch('/registry/', 1, recorder);
    expect(recorder.summary()).toEqual([`2 put ${a}=a2 prev=a1`, `3 delete ${a}=a2 prev=a2`]);
  });

  it('raises the history floor past a logged change whose previous version is missing', async () => {
    const reopened = await reopenedAfterEditingLog(async (backend) => {
      await backend.create('/registry/core/pods/default/a', 'a1');
      await backend.update('/registry/core/pods/default/a', 'a2', 1);
      await backend.create('/registry/core/pods/default/b', 'b1');
    }, `DELETE FROM changes WHERE revision = 1`);
    await expect(reopened.watch('/registry/', 1, new BackendEventRecorder())).rejects.toBeInstanceOf(RevisionCompactedError);
    const recorder = new BackendEventRecorder();
    await reopened.watch('/registry/', 2, recorder);
    expect(recorder.summary()).toEqual([`3 put /registry/core/pods/default/b=b1 prev=-`]);
  });

  it('keeps the revision when the log is empty (history size 0)', async () => {
    const { backend, reopen } = await openOnTempFile({ historySize: 0 });
    await backend.create('/registry/core/pods/default/a', 'a');
    await backend.delete('/registry/core/pods/default/a', 1);
    const reopened = await reopen();
    expect(await reopened.currentRevision()).toBe(2);
    expect(await reopened.create('/registry/core/pods/default/a', 'a')).toEqual({ ok: true, revision: 3 });
  });

  it('stores exactly what it was given: unicode, large values', async () => {
    const { backend, reopen } = await openOnTempFile();
    const value = JSON.stringify({ text: 'ünïcødé 🚀 \u0000 end', big: 'x'.repeat(200_000) });
    await backend.create('/registry/core/configmaps/default/ü', value);
    expect((await (await reopen()).get('/registry/core/configmaps/default/ü'))?.value).toBe(value);
  });

  it('refuses a second open of the same file while the first holds it', async () => {
    const subject = await onTempFile();
    cleanups.push(subject.cleanup);
    await subject.backend.open();
    await subject.backend.create('/registry/core/pods/default/a', 'a');
    const second = await subject.reopen();
    await expect(second.open()).rejects.toThrow(/locked/);
    await subject.backend.close();
  });

  it('passes an integrity check and can verify on open', async () => {
    const { backend, reopen } = await openOnTempFile({ verifyOnOpen: true });
    await backend.create('/registry/core/pods/default/a', 'a');
    expect(await backend.verify('full')).toEqual([]);
    const reopened = await reopen();
    expect(await reopened.verify()).toEqual([]);
  });

  it('makes a new file with 16 KiB pages, and opens a file made with another page size as it is', async () => {
    const subject = await onTempFile();
    cleanups.push(subject.cleanup);
    await subject.backend.open();
    await subject.backend.create('/registry/core/pods/default/a', 'a'.repeat(6000));
    await subject.backend.close();
    const pageSize = (path: string): unknown => {
      const db = new Database(path, { readonly: true });
      try {
        return db.pragma('page_size', { simple: true });
      } finally {
        db.close();
      }
    };
    expect(pageSize(subject.path)).toBe(PAGE_SIZE);

    const older = await onTempFile();
    cleanups.push(older.cleanup);
    mkdirSync(dirname(older.path), { recursive: true });
    const made = new Database(older.path);
    made.pragma('page_size = 4096');
    made.pragma('journal_mode = WAL');
    made.close();
    await older.backend.open();
    await older.backend.create('/registry/core/pods/default/b', 'b'.repeat(6000));
    expect((await older.backend.get('/registry/core/pods/default/b'))?.value).toBe('b'.repeat(6000));
    await older.backend.close();
    expect(pageSize(older.path)).toBe(4096);
  });

  it('keeps the WAL within about WAL_RESTART_PAGES pages, starting it over as it goes', async () => {
    const subject = await onTempFile();
    cleanups.push(subject.cleanup);
    await subject.backend.open();
    // 40 MiB of values and as much change log, in batches of 200 KB: a WAL never started over would hold all of it.
    await createInBatches(subject.backend, { batches: 200, perBatch: 20, valueBytes: 10_000 });
    const walBytes = statSync(`${subject.path}-wal`).size;
    await subject.backend.close();
    // The WAL file is reused from its start: its size is the most it ever held, the pages
    // before the restart and the commits while the checkpoint thread caught up (1.2-1.3x
    // here, up to 1.9x with both cores busy elsewhere). Never started over, it would reach
    // WAL_FALLBACK_CHECKPOINT_PAGES, four times as many.
    expect(walBytes).toBeLessThan(3 * WAL_RESTART_PAGES * PAGE_SIZE);
    expect(existsSync(`${subject.path}-wal`)).toBe(false);
  });

  it('copies the WAL into the file in the background, before any commit checkpoints it', async () => {
    const subject = await onTempFile();
    cleanups.push(subject.cleanup);
    await subject.backend.open();
    const emptyFileBytes = statSync(subject.path).size;
    // 2 MiB of values and as much change log: well under WAL_RESTART_PAGES, so no commit checkpoints.
    await createInBatches(subject.backend, { batches: 10, perBatch: 20, valueBytes: 10_000 });
    await waitFor(() => statSync(subject.path).size > emptyFileBytes + 2 * 1024 * 1024, 'the checkpoint thread to copy the WAL into the file', 10_000);
    await subject.backend.close();
  });

  it('refuses a file written by an unknown schema version', async () => {
    const subject = await onTempFile();
    cleanups.push(subject.cleanup);
    await subject.backend.open();
    await subject.backend.close();
    const db = new Database(subject.path);
    db.prepare(`UPDATE meta SET value = 99 WHERE name = 'schema_version'`).run();
    db.close();
    await expect(subject.backend.open()).rejects.toThrow(/schema version 99/);
  });

  it.each([
    ['/registry/core/pods/', '/registry/core/pods0'],
    ['a', 'b'],
    ['caf\u00e9', 'caf\u00ea'],
    ['x\u{10ffff}', 'y'],
    ['\u{10ffff}', undefined],
    ['', undefined],
    ['\ud7ff', '\ue000'],
  ])('bounds the prefix %j by %j', (prefix, bound) => {
    expect(prefixUpperBound(prefix)).toBe(bound);
  });
});
