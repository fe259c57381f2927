import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RevisionCompactedError } from '../contracts/store-backend.ts';
import { describeObjectStoreConformance } from '../../test/conformance/object-store.conformance.ts';
import { describeStoreBackendConformance } from '../../test/conformance/store-backend.conformance.ts';
import { BackendEventRecorder } from '../../test/conformance/wait-for.ts';
import { SqliteBackend, type SqliteBackendOptions } from './sqlite-backend.ts';
import { PAGE_SIZE, prefixUpperBound } from './sqlite-schema.ts';

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
    return { backend, reopen };
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
