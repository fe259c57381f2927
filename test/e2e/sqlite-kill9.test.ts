import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteBackend } from '../../core/store/sqlite-backend.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const writerScript = join(repoRoot, 'test/fixtures/sqlite-writer.ts');

/** Runs the writer until it has acknowledged `count` keys, then kills it with SIGKILL; returns the acknowledged keys. */
async function writeThenKill(path: string, count: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, path], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((done) => child.once('exit', (code, signal) => done(signal ?? code)));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.split('\n').length > count) child.kill('SIGKILL');
  });
  const how = await exited;
  expect(how, `writer stopped on its own: ${errors}`).toBe('SIGKILL');
  // A line without its newline may have been cut by the kill; only whole lines count.
  return output.split('\n').slice(0, -1);
}

describe('SQLite backend under kill -9', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged create and reopens cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubernel-sqlite-kill9-'));
    dirs.push(dir);
    const path = join(dir, 'store.db');
    const acknowledged = await writeThenKill(path, 400);
    expect(acknowledged.length).toBeGreaterThanOrEqual(400);

    const backend = new SqliteBackend({ path, verifyOnOpen: true });
    await backend.open();
    try {
      expect(await backend.verify('full')).toEqual([]);
      const missing: string[] = [];
      for (const key of acknowledged) if ((await backend.get(key)) === undefined) missing.push(key);
      expect(missing).toEqual([]);
      const stored = await backend.count('/registry/core/configmaps/default/');
      expect(stored).toBeGreaterThanOrEqual(acknowledged.length);
      // Revisions go on from where the killed process stopped.
      const revision = await backend.currentRevision();
      expect(revision).toBeGreaterThanOrEqual(acknowledged.length);
      expect(await backend.create('/registry/core/configmaps/default/after', '{}')).toEqual({ ok: true, revision: revision + 1 });
    } finally {
      await backend.close();
    }
  });
});
