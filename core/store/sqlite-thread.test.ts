import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/conformance/wait-for.ts';
import { SqliteBackend } from './sqlite-backend.ts';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PODS = '/registry/core/pods/default/';

describe('the SQLite thread', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'kubernel-sqlite-thread-'));
    dirs.push(dir);
    return dir;
  };

  it('serves two stores of one process, each on its own file', async () => {
    const dir = tempDir();
    const one = new SqliteBackend({ path: join(dir, 'one.db') });
    const two = new SqliteBackend({ path: join(dir, 'two.db') });
    await Promise.all([one.open(), two.open()]);
    try {
      const written = await Promise.all([one.create(`${PODS}a`, 'one'), two.create(`${PODS}a`, 'two'), two.create(`${PODS}b`, 'two')]);
      expect(written).toEqual([
        { ok: true, revision: 1 },
        { ok: true, revision: 1 },
        { ok: true, revision: 2 },
      ]);
      await one.close();
      expect((await two.get(`${PODS}a`))?.value).toBe('two');
      expect(await two.count(PODS)).toBe(2);
      await expect(one.get(`${PODS}a`)).rejects.toThrow(/not open/);
    } finally {
      await one.close();
      await two.close();
    }
  });

  /** a child process that opens a store at `path` and creates one key in it; its output is what it printed so far */
  const storeChild = (path: string, ...args: string[]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/fixtures/sqlite-idle-exit.ts'), path, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { child, output: () => output };
  };

  it('lets a process with an open store exit once nothing is pending', async () => {
    const path = join(tempDir(), 'store.db');
    const { child, output } = storeChild(path);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(JSON.parse(output())).toEqual({ ok: true, revision: 1 });
    const reopened = new SqliteBackend({ path });
    await reopened.open();
    expect((await reopened.get('/registry/core/pods/default/a'))?.value).toBe('a');
    await reopened.close();
  });

  it('keeps another process off a store file it holds, and lets go when killed', async () => {
    const path = join(tempDir(), 'store.db');
    const { child, output } = storeChild(path, 'hold');
    const exited = once(child, 'exit');
    try {
      await waitFor(() => output() !== '', 'the child to write to its store', 30_000);
      expect(JSON.parse(output())).toEqual({ ok: true, revision: 1 });
      const second = new SqliteBackend({ path });
      await expect(second.open()).rejects.toThrow(/store file .*store\.db is locked/);
      expect(readdirSync(dirname(path)).sort()).toEqual(['store.db', 'store.db-lock', 'store.db-shm', 'store.db-wal']);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // The operating system dropped the lock with the process; its acknowledged write is there.
    const reopened = new SqliteBackend({ path });
    await reopened.open();
    expect((await reopened.get('/registry/core/pods/default/a'))?.value).toBe('a');
    await reopened.close();
  });
});
