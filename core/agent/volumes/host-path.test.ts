import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHostPathType } from './host-path.ts';

let base: string;
let server: Server;
const blockDevice = ['/dev/loop0', '/dev/vda', '/dev/sda', '/dev/nvme0n1'].find((p) => existsSync(p) && statSync(p).isBlockDevice());

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'kubernel-hostpath-'));
  await mkdir(join(base, 'dir'));
  await writeFile(join(base, 'file'), 'x');
  await symlink(join(base, 'dir'), join(base, 'link-to-dir'));
  server = createServer();
  await new Promise<void>((resolve) => server.listen(join(base, 'sock'), resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(base, { recursive: true, force: true });
});

const at = (name: string): string => join(base, name);

describe('checkHostPathType', () => {
  it.each<[string, string, string | undefined]>([
    ['', 'missing', undefined],
    ['Directory', 'dir', undefined],
    ['Directory', 'link-to-dir', undefined],
    ['DirectoryOrCreate', 'dir', undefined],
    ['File', 'file', undefined],
    ['FileOrCreate', 'file', undefined],
    ['Socket', 'sock', undefined],
    ['Directory', 'file', 'is not a directory'],
    ['Directory', 'missing', 'is not a directory'],
    ['DirectoryOrCreate', 'file', 'is not a directory'],
    ['File', 'dir', 'is not a file'],
    ['File', 'missing', 'is not a file'],
    ['FileOrCreate', 'dir', 'is not a file'],
    ['Socket', 'file', 'is not a socket file'],
    ['CharDevice', 'file', 'is not a character device'],
    ['BlockDevice', 'file', 'is not a block device'],
  ])('type %j on %s', async (type, name, problem) => {
    const check = checkHostPathType(at(name), type);
    if (problem === undefined) await expect(check).resolves.toBe(false);
    else await expect(check).rejects.toThrow(`hostPath type check failed: ${at(name)} ${problem}`);
  });

  it('CharDevice accepts /dev/null, BlockDevice refuses it', async () => {
    await expect(checkHostPathType('/dev/null', 'CharDevice')).resolves.toBe(false);
    await expect(checkHostPathType('/dev/null', 'BlockDevice')).rejects.toThrow('hostPath type check failed: /dev/null is not a block device');
  });

  it.skipIf(blockDevice === undefined)('BlockDevice accepts a block device', async () => {
    await expect(checkHostPathType(blockDevice ?? '', 'BlockDevice')).resolves.toBe(false);
  });

  it('DirectoryOrCreate creates missing directories, parents included, 0755', async () => {
    const path = at('made/deep/dir');
    await expect(checkHostPathType(path, 'DirectoryOrCreate')).resolves.toBe(true);
    const info = await stat(path);
    expect(info.isDirectory()).toBe(true);
    expect(info.mode & 0o777).toBe(0o755 & ~process.umask());
  });

  it('FileOrCreate creates an empty file but not its parent directory', async () => {
    await expect(checkHostPathType(at('new-file'), 'FileOrCreate')).resolves.toBe(true);
    const info = await stat(at('new-file'));
    expect(info.isFile() && info.size === 0).toBe(true);
    await expect(checkHostPathType(at('no-parent/file'), 'FileOrCreate')).rejects.toThrow(`open ${at('no-parent/file')}: no such file or directory`);
  });

  it('refuses an unknown type', async () => {
    await expect(checkHostPathType(at('dir'), 'Fifo')).rejects.toThrow('Fifo is an invalid volume type');
  });
});
