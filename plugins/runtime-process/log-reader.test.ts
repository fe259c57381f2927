import { appendFile, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAll, readUntil } from '../../test/conformance/runtime-harness.ts';
import { readCriLog, tailOffset } from './log-reader.ts';

const options = { follow: false, timestamps: false };

function record(time: Date, stream: string, tag: string, content: string): string {
  return `${time.toISOString()} ${stream} ${tag} ${content}\n`;
}

describe('readCriLog', () => {
  let dir: string;
  let path: string;
  const now = Date.now();
  const old = new Date(now - 60_000);
  const recent = new Date(now - 1_000);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubernel-cri-log-'));
    path = join(dir, 'container.log');
    await writeFile(
      path,
      record(old, 'stdout', 'F', 'one') +
        record(old, 'stderr', 'F', 'two') +
        record(recent, 'stdout', 'P', 'thr') +
        record(recent, 'stdout', 'F', 'ee') +
        record(recent, 'stdout', 'P', 'no newline at the end'),
    );
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const finished = { path: '', finished: () => Promise.resolve(true) };

  it('prints every record, joining partial ones, with no newline after a final partial', async () => {
    expect(await readAll(readCriLog({ ...finished, path }, options))).toBe('one\ntwo\nthree\nno newline at the end');
  });

  it.each([
    { tailLines: 0, out: '' },
    { tailLines: 1, out: 'no newline at the end' },
    { tailLines: 3, out: 'three\nno newline at the end' },
    { tailLines: 4, out: 'two\nthree\nno newline at the end' },
    { tailLines: 100, out: 'one\ntwo\nthree\nno newline at the end' },
  ])('keeps the last $tailLines records (kubelet counts file lines)', async ({ tailLines, out }) => {
    expect(await readAll(readCriLog({ ...finished, path }, { ...options, tailLines }))).toBe(out);
  });

  it('leaves out records older than sinceSeconds', async () => {
    expect(await readAll(readCriLog({ ...finished, path }, { ...options, sinceSeconds: 30 }))).toBe('three\nno newline at the end');
  });

  it('prefixes each record with its time as written', async () => {
    const text = await readAll(readCriLog({ ...finished, path }, { ...options, timestamps: true, tailLines: 3 }));
    expect(text).toBe(`${recent.toISOString()} thr${recent.toISOString()} ee\n${recent.toISOString()} no newline at the end`);
  });

  it('does not print a record still being written', async () => {
    await appendFile(path, `${recent.toISOString()} stdout F half-writ`);
    expect(await readAll(readCriLog({ ...finished, path }, { ...options, tailLines: 1 }))).toBe('no newline at the end');
  });

  it('follows: prints what is appended and ends once the writer finished and all is read', async () => {
    let done = false;
    const stream = readCriLog({ path, finished: () => Promise.resolve(done), pollMs: 10 }, { ...options, follow: true, tailLines: 0 });
    const all = readAll(stream, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await appendFile(path, record(new Date(), 'stdout', 'F', 'later'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await appendFile(path, record(new Date(), 'stdout', 'F', 'last'));
    done = true;
    expect(await all).toBe('later\nlast\n');
  });

  it('follows a file that does not exist yet', async () => {
    const later = join(dir, 'later.log');
    let done = false;
    const stream = readCriLog({ path: later, finished: () => Promise.resolve(done), pollMs: 10 }, { ...options, follow: true });
    const all = readAll(stream, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await writeFile(later, record(new Date(), 'stdout', 'F', 'born'));
    done = true;
    expect(await all).toBe('born\n');
  });

  it('ends a followed log on abort, and stops polling when its consumer destroys it', async () => {
    const abort = new AbortController();
    let polls = 0;
    const never = (): Promise<boolean> => {
      polls++;
      return Promise.resolve(false);
    };
    const stream = readCriLog({ path, finished: never, pollMs: 10 }, { ...options, follow: true, tailLines: 1 }, abort.signal);
    expect(await readUntil(stream, (text) => text.includes('no newline'))).toContain('no newline');
    const ended = readAll(stream, 2_000);
    abort.abort();
    await expect(ended).resolves.toBe('');

    const destroyed = readCriLog({ path, finished: never, pollMs: 10 }, { ...options, follow: true });
    await readUntil(destroyed, (text) => text.includes('no newline'));
    destroyed.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const pollsAfterDestroy = polls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(polls).toBe(pollsAfterDestroy);
  });
});

describe('tailOffset', () => {
  it('counts records across read chunks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubernel-cri-tail-'));
    try {
      const path = join(dir, 'big.log');
      const line = `${new Date().toISOString()} stdout F ${'x'.repeat(1000)}\n`;
      await writeFile(path, line.repeat(200));
      const handle = await open(path, 'r');
      try {
        expect(await tailOffset(handle, 150)).toBe(line.length * 50);
        expect(await tailOffset(handle, 0)).toBe(line.length * 200);
        expect(await tailOffset(handle, 500)).toBe(0);
      } finally {
        await handle.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
