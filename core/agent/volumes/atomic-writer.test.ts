import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRecord } from '../../api/types/meta.ts';
import { timestampDirTime, validatePath, writeAtomically, type FileProjection } from './atomic-writer.ts';

const TS_DIR = /^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d{9}$/;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubernel-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function payload(entries: Record<string, string | [string, number]>): Map<string, FileProjection> {
  return new Map(
    Object.entries(entries).map(([path, value]) => {
      const [text, mode] = typeof value === 'string' ? [value, 0o644] : value;
      return [path, { data: Buffer.from(text), mode }];
    }),
  );
}

const tsDirs = async (): Promise<string[]> => (await readdir(dir)).filter((name) => TS_DIR.test(name)).sort();

describe('writeAtomically', () => {
  it('first write: files in a timestamped dir behind ..data, top-level names as links into ..data', async () => {
    const changed = await writeAtomically(dir, payload({ 'app.conf': 'a=1', 'nested/deep/file.txt': 'deep', secret: ['s', 0o400] }));
    expect(changed).toBe(true);

    const [tsDir, ...others] = await tsDirs();
    expect(others).toEqual([]);
    expect(await readlink(join(dir, '..data'))).toBe(tsDir);
    expect((await stat(join(dir, tsDir ?? ''))).mode & 0o777).toBe(0o755);
    expect(await readlink(join(dir, 'app.conf'))).toBe('..data/app.conf');
    expect(await readlink(join(dir, 'nested'))).toBe('..data/nested');
    expect(await readFile(join(dir, 'app.conf'), 'utf8')).toBe('a=1');
    expect(await readFile(join(dir, 'nested/deep/file.txt'), 'utf8')).toBe('deep');
    expect((await stat(join(dir, 'secret'))).mode & 0o7777).toBe(0o400);
    expect((await stat(join(dir, 'app.conf'))).mode & 0o7777).toBe(0o644);
    expect((await readdir(dir)).sort()).toEqual(['..data', tsDir, 'app.conf', 'nested', 'secret'].sort());
  });

  it('update: new content swaps in, a deleted key and its link disappear', async () => {
    await writeAtomically(dir, payload({ a: '1', b: '2', 'sub/c': '3' }));
    const changed = await writeAtomically(dir, payload({ a: 'one', 'sub/d': '4' }));
    expect(changed).toBe(true);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('one');
    expect(await readFile(join(dir, 'sub/d'), 'utf8')).toBe('4');
    await expect(lstat(join(dir, 'b'))).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(dir, 'sub/c'))).rejects.toThrow(/ENOENT/);
  });

  it('unchanged payload: no new directory, nothing touched', async () => {
    await writeAtomically(dir, payload({ a: '1', 'sub/c': '3' }));
    const before = (await readdir(dir)).sort();
    const link = await readlink(join(dir, '..data'));
    expect(await writeAtomically(dir, payload({ a: '1', 'sub/c': '3' }))).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(before);
    expect(await readlink(join(dir, '..data'))).toBe(link);
  });

  it('a mode change alone is a change', async () => {
    await writeAtomically(dir, payload({ a: ['1', 0o644] }));
    expect(await writeAtomically(dir, payload({ a: ['1', 0o600] }))).toBe(true);
    expect((await stat(join(dir, 'a'))).mode & 0o7777).toBe(0o600);
  });

  it('removing a key alone is a change', async () => {
    await writeAtomically(dir, payload({ a: '1', b: '2' }));
    expect(await writeAtomically(dir, payload({ a: '1' }))).toBe(true);
    expect((await readdir(dir)).filter((n) => !n.startsWith('..'))).toEqual(['a']);
  });

  it('names versions by their UTC creation time with nanosecond-style digits', async () => {
    const at = Date.UTC(2026, 10, 26, 15, 0, 0, 123);
    await writeAtomically(dir, payload({ a: '1' }), { now: () => at });
    const [name] = await tsDirs();
    expect(name).toMatch(/^\.\.2026_11_26_15_00_00\.123\d{6}$/);
    expect(timestampDirTime(name ?? '')).toBe(at);
    expect(timestampDirTime('..data')).toBeUndefined();
  });

  it('graceMs 0 removes the replaced version at once, as kubelet does', async () => {
    await writeAtomically(dir, payload({ a: '1' }), { graceMs: 0 });
    await writeAtomically(dir, payload({ a: '2' }), { graceMs: 0 });
    expect(await tsDirs()).toEqual([await readlink(join(dir, '..data'))]);
  });

  it('keeps a replaced version for the grace period, then removes it on a later call', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const now = (): number => clock;
    await writeAtomically(dir, payload({ a: '1' }), { now });
    const [first] = await tsDirs();
    clock += 1000;
    await writeAtomically(dir, payload({ a: '2' }), { now });
    expect(await tsDirs()).toHaveLength(2);
    expect(await tsDirs()).toContain(first);

    clock += 4999; // 4.999 s after the swap: still there
    expect(await writeAtomically(dir, payload({ a: '2' }), { now })).toBe(false);
    expect(await tsDirs()).toContain(first);

    clock += 1; // 5 s: an unchanged write prunes it, nothing else moves
    expect(await writeAtomically(dir, payload({ a: '2' }), { now })).toBe(false);
    expect(await tsDirs()).toEqual([await readlink(join(dir, '..data'))]);
    expect(first).toBeDefined();
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('2');
  });

  it('a changed write removes versions past their grace and keeps the one it replaces', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const now = (): number => clock;
    await writeAtomically(dir, payload({ a: '1' }), { now });
    const [first] = await tsDirs();
    clock += 1000;
    await writeAtomically(dir, payload({ a: '2' }), { now });
    const second = await readlink(join(dir, '..data'));
    clock += 10_000;
    await writeAtomically(dir, payload({ a: '3' }), { now });
    const third = await readlink(join(dir, '..data'));
    expect(await tsDirs()).toEqual([second, third].sort());
    expect(await tsDirs()).not.toContain(first);
  });

  it('removes a newer version a crashed write left behind', async () => {
    await writeAtomically(dir, payload({ a: '1' }), { now: () => Date.UTC(2026, 0, 1) });
    await mkdir(join(dir, '..2026_01_01_00_00_09.000000000'));
    await writeFile(join(dir, '..data_tmp'), 'leftover');
    await writeAtomically(dir, payload({ a: '2' }), { now: () => Date.UTC(2026, 0, 1, 0, 0, 5) });
    expect(await tsDirs()).not.toContain('..2026_01_01_00_00_09.000000000');
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('2');
  });

  it('an empty payload still makes ..data, with no visible entries', async () => {
    expect(await writeAtomically(dir, new Map())).toBe(true);
    expect((await readdir(dir)).filter((n) => !n.startsWith('..'))).toEqual([]);
    expect(await readlink(join(dir, '..data'))).toMatch(TS_DIR);
  });

  it.each([
    ['', 'invalid path: must not be empty'],
    ['/abs', 'invalid path: must be relative path: /abs'],
    ['a/../b', "invalid path: must not contain '..': a/../b"],
    ['..hidden', "invalid path: must not start with '..': ..hidden"],
    ['x'.repeat(256), 'filenames must be less than or equal to 255 characters'],
  ])('rejects the path %j', (path, message) => {
    expect(() => validatePath(path)).toThrow(message);
  });

  it('accepts paths kubelet accepts', () => {
    expect(() => validatePath('a..b')).not.toThrow();
    expect(() => validatePath('a/..b/c')).not.toThrow();
  });
});

/** Each file carries its generation at both ends, so a torn or mixed read is visible. */
const FILLER = 'x'.repeat(16 * 1024);
function generation(g: number): Map<string, FileProjection> {
  const body = (tag: string): Buffer => Buffer.from(`${tag}${g}|${FILLER}|${tag}${g}`);
  return new Map([
    ['config.json', { data: body('c'), mode: 0o644 }],
    ['nested/deep.txt', { data: body('d'), mode: 0o644 }],
  ]);
}

function checkRead(path: string, tag: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `read failed: ${String(error)}`;
  }
  const g = /^[a-z](\d+)\|/.exec(text)?.[1] ?? '';
  return text === `${tag}${g}|${FILLER}|${tag}${g}` ? undefined : `torn content (${text.length} bytes)`;
}

describe('writeAtomically under concurrent readers', () => {
  it('a reader interleaved with 200 swaps never sees a missing or partial file', async () => {
    await writeAtomically(dir, generation(0));
    const failures: string[] = [];
    let reads = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        for (const [file, tag] of [['config.json', 'c'], ['nested/deep.txt', 'd']] as const) {
          const failure = checkRead(join(dir, file), tag);
          if (failure !== undefined) failures.push(failure);
          reads++;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let g = 1; g <= 200; g++) expect(await writeAtomically(dir, generation(g))).toBe(true);
    stop = true;
    await reader;
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(400); // the reader really ran between the writer's steps
    expect(checkRead(join(dir, 'config.json'), 'c')).toBeUndefined();
    expect(readFileSync(join(dir, 'config.json'), 'utf8').startsWith('c200|')).toBe(true);
  });

  it('a reader on another thread, reading in a tight loop during 200 swaps, never fails', async () => {
    await writeAtomically(dir, generation(0));
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(
      `
      const { workerData, parentPort } = require('node:worker_threads');
      const { readFileSync } = require('node:fs');
      const { dir, flag, size } = workerData;
      const body = (tag, g) => tag + g + '|' + 'x'.repeat(size) + '|' + tag + g;
      const files = [[dir + '/config.json', 'c'], [dir + '/nested/deep.txt', 'd']];
      const failures = [];
      let reads = 0;
      parentPort.postMessage('started');
      while (Atomics.load(flag, 0) === 0) {
        for (const [path, tag] of files) {
          try {
            const text = readFileSync(path, 'utf8');
            const g = Number(/^[a-z](\\d+)\\|/.exec(text)?.[1]);
            if (text !== body(tag, g)) failures.push('torn ' + path);
          } catch (e) { failures.push(String(e)); }
          reads++;
        }
      }
      parentPort.postMessage({ reads, failures: failures.slice(0, 5), failureCount: failures.length });
      `,
      { eval: true, workerData: { dir, flag, size: 16 * 1024 } },
    );
    const messages: unknown[] = [];
    const started = new Promise<void>((resolve) => worker.once('message', () => resolve()));
    const done = new Promise<unknown>((resolve, reject) => {
      worker.on('message', (message) => {
        messages.push(message);
        if (messages.length === 2) resolve(message);
      });
      worker.once('error', reject);
    });
    await started;
    // a short grace, so replaced versions really are deleted while the reader runs
    for (let g = 1; g <= 200; g++) await writeAtomically(dir, generation(g), { graceMs: 20 });
    Atomics.store(flag, 0, 1);
    const result = await done;
    await worker.terminate();
    expect(result).toMatchObject({ failures: [], failureCount: 0 });
    expect(result).toHaveProperty('reads', expect.any(Number));
    expect(isRecord(result) ? result['reads'] : 0).toBeGreaterThan(200);
  });
});
