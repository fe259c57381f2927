import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Container } from '../env/pod-parts.ts';
import { isTmpfsMountPoint, memoryVolumeSize, mountPointsUnder, mountTable, systemTmpfs } from './tmpfs.ts';

const Mi = 1024n * 1024n;
const withMemory = (name: string, memory?: string): Container => ({ name, ...(memory === undefined ? {} : { resources: { limits: { memory } } }) });

describe('memoryVolumeSize', () => {
  it.each<[string, Container[], Container[], string | undefined, bigint]>([
    ['node allocatable when nothing limits it', [withMemory('a')], [], undefined, 1024n * Mi],
    ['the pod limit when every container has one', [withMemory('a', '100Mi'), withMemory('b', '50Mi')], [], undefined, 150n * Mi],
    ['no pod limit when one container lacks it', [withMemory('a', '100Mi'), withMemory('b')], [], undefined, 1024n * Mi],
    ['an init container larger than the sum', [withMemory('a', '100Mi')], [withMemory('i', '300Mi')], undefined, 300n * Mi],
    ['sizeLimit below the pod limit', [withMemory('a', '100Mi')], [], '10Mi', 10n * Mi],
    ['sizeLimit above the pod limit is ignored', [withMemory('a', '100Mi')], [], '1Gi', 100n * Mi],
    ['pod limit above allocatable is ignored', [withMemory('a', '4Gi')], [], undefined, 1024n * Mi],
  ])('%s', (_name, containers, inits, sizeLimit, expected) => {
    expect(memoryVolumeSize(containers, inits, sizeLimit, 1024 ** 3)).toBe(expected);
  });
});

describe('systemTmpfs', () => {
  it('refuses without trying when not root', async () => {
    await expect(systemTmpfs({ runningAsRoot: false }).mount('/nonexistent', 1n)).rejects.toThrow('does not run as root');
  });

  const root = process.getuid?.() === 0;
  it.skipIf(!root)('mounts with a size, is seen in the mount table, and unmounts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubernel-tmpfs-'));
    const tmpfs = systemTmpfs();
    try {
      await tmpfs.mount(dir, 2n * Mi);
      expect(await isTmpfsMountPoint(dir)).toBe(true);
      const entry = (await mountTable()).find((e) => e.mountPoint === dir);
      expect(entry?.options).toContain('size=2048k');
      expect(await mountPointsUnder(join(dir, '..'))).toContain(dir);
      await tmpfs.unmount(dir);
      expect(await isTmpfsMountPoint(dir)).toBe(false);
    } finally {
      if (await isTmpfsMountPoint(dir)) await tmpfs.unmount(dir);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
