/**
 * hostPath's `type` check (pkg/volume/hostpath checkType), run before the
 * path is handed to the runtime. The `...OrCreate` types create what is
 * missing (a directory 0755, an empty file 0644, without parent directories
 * for a file); '' checks nothing.
 */
import { constants } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { isErrno } from './atomic-writer.ts';

export type HostPathType =
  | ''
  | 'DirectoryOrCreate'
  | 'Directory'
  | 'FileOrCreate'
  | 'File'
  | 'Socket'
  | 'CharDevice'
  | 'BlockDevice';

type Kind = 'directory' | 'file' | 'socket' | 'char' | 'block' | 'other' | 'missing';

async function kindOf(path: string): Promise<Kind> {
  try {
    const info = await stat(path); // symlinks are followed, as Go's os.Stat does
    if (info.isDirectory()) return 'directory';
    if (info.isFile()) return 'file';
    if (info.isSocket()) return 'socket';
    if (info.isCharacterDevice()) return 'char';
    if (info.isBlockDevice()) return 'block';
    return 'other';
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return 'missing';
    throw error;
  }
}

/** Returns whether it created something; throws an Error with kubelet's message otherwise. */
export async function checkHostPathType(path: string, type: string | undefined): Promise<boolean> {
  const wanted = type ?? '';
  if (wanted === '') return false;
  const kind = await kindOf(path);
  switch (wanted) {
    case 'DirectoryOrCreate':
      if (kind === 'missing') {
        await goFs('mkdir', path, () => mkdir(path, { recursive: true, mode: 0o755 }));
        return true;
      }
      return expectKind(path, kind, 'directory', 'a directory');
    case 'Directory':
      return expectKind(path, kind, 'directory', 'a directory');
    case 'FileOrCreate':
      if (kind === 'missing') {
        await goFs('open', path, async () => (await open(path, constants.O_CREAT | constants.O_RDONLY, 0o644)).close());
        return true;
      }
      return expectKind(path, kind, 'file', 'a file');
    case 'File':
      return expectKind(path, kind, 'file', 'a file');
    case 'Socket':
      return expectKind(path, kind, 'socket', 'a socket file');
    case 'CharDevice':
      return expectKind(path, kind, 'char', 'a character device');
    case 'BlockDevice':
      return expectKind(path, kind, 'block', 'a block device');
    default:
      throw new Error(`${wanted} is an invalid volume type`);
  }
}

function expectKind(path: string, kind: Kind, wanted: Kind, described: string): false {
  if (kind !== wanted) throw new Error(`hostPath type check failed: ${path} is not ${described}`);
  return false;
}

const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  EEXIST: 'file exists',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

/** Runs an fs call and rephrases its failure as Go's *PathError prints (`mkdir /x: permission denied`). */
export async function goFs<T>(op: string, path: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
    const text = GO_ERRNO_TEXT[code] ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`${op} ${path}: ${text}`, { cause: error });
  }
}
