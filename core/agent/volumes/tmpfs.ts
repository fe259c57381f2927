/**
 * Memory-backed volume directories: emptyDir with medium Memory, and the
 * secret, downwardAPI and projected volumes, which kubelet always puts on
 * tmpfs so that their contents never reach a disk. Mounting needs root; when
 * it is not possible the directory stays a plain one and the caller says so.
 */
import { execFile } from 'node:child_process';
import { readFile, realpath } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Container } from '../env/pod-parts.ts';
import { Quantity } from '../../api/quantity.ts';

const run = promisify(execFile);

export interface TmpfsMounter {
  /** mounts a tmpfs on `dir` (which exists), `size=` bytes when given */
  mount(dir: string, sizeBytes: bigint | undefined): Promise<void>;
  unmount(dir: string): Promise<void>;
}

/** `mount -t tmpfs` / `umount`; refuses up front when not root, where mount(8) could only fail. */
export function systemTmpfs(options: { runningAsRoot?: boolean } = {}): TmpfsMounter {
  const root = options.runningAsRoot ?? process.getuid?.() === 0;
  return {
    async mount(dir, sizeBytes) {
      if (!root) throw new Error('the node agent does not run as root, so it cannot mount tmpfs');
      const sizeOption = sizeBytes !== undefined && sizeBytes > 0n ? ['-o', `size=${sizeBytes}`] : [];
      await runOrExplain('mount', ['-t', 'tmpfs', ...sizeOption, 'tmpfs', dir]);
    },
    async unmount(dir) {
      await runOrExplain('umount', [dir]);
    },
  };
}

async function runOrExplain(command: string, args: string[]): Promise<void> {
  try {
    await run(command, args);
  } catch (error) {
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : '';
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr || (error instanceof Error ? error.message : String(error))}`, {
      cause: error,
    });
  }
}

export interface MountEntry {
  mountPoint: string;
  fsType: string;
  options: string;
}

/** This process's mount table (/proc/self/mountinfo); empty where there is none. */
export async function mountTable(): Promise<MountEntry[]> {
  let text: string;
  try {
    text = await readFile('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [before, after] = line.split(' - ');
    const fields = before?.split(' ') ?? [];
    const tail = after?.split(' ') ?? [];
    const mountPoint = fields[4];
    if (mountPoint === undefined || tail[0] === undefined) continue;
    entries.push({ mountPoint: unescapeMountPath(mountPoint), fsType: tail[0], options: `${fields[5] ?? ''},${tail[2] ?? ''}` });
  }
  return entries;
}

/** mountinfo writes space, tab, newline and backslash as octal escapes. */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export async function isTmpfsMountPoint(dir: string): Promise<boolean> {
  const real = await realpath(dir);
  // the last entry for a mount point is the one on top
  const entry = (await mountTable()).filter((e) => e.mountPoint === real).at(-1);
  return entry?.fsType === 'tmpfs';
}

/** Mount points strictly below `dir`, deepest first, for unmounting before removal. */
export async function mountPointsUnder(dir: string): Promise<string[]> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch {
    return [];
  }
  const below = (await mountTable()).map((e) => e.mountPoint).filter((p) => p.startsWith(`${real}/`));
  return [...new Set(below)].sort((a, b) => b.length - a.length);
}

/**
 * calculateEmptyDirMemorySize (SizeMemoryBackedVolumes, GA): node allocatable
 * memory, lowered to the pod's memory limit when every container has one, then
 * to the volume's sizeLimit when that is smaller still.
 */
export function memoryVolumeSize(
  containers: readonly Container[],
  initContainers: readonly Container[],
  sizeLimit: string | number | undefined,
  allocatableMemoryBytes: number,
): bigint {
  let size = BigInt(Math.trunc(allocatableMemoryBytes));
  const podLimit = podMemoryLimit(containers, initContainers);
  if (podLimit !== undefined && podLimit > 0n && podLimit <= size) size = podLimit;
  if (sizeLimit !== undefined) {
    const limit = Quantity.parse(String(sizeLimit)).value();
    if (limit > 0n && limit <= size) size = limit;
  }
  return size;
}

/** The pod's memory limit as its cgroup gets it: undefined unless every app container declares one. */
function podMemoryLimit(containers: readonly Container[], initContainers: readonly Container[]): bigint | undefined {
  const limitOf = (c: Container): bigint => {
    const raw = c.resources?.limits?.['memory'];
    return raw === undefined ? 0n : Quantity.parse(String(raw)).value();
  };
  const limits = containers.map(limitOf);
  if (limits.length === 0 || limits.some((l) => l <= 0n)) return undefined;
  const sum = limits.reduce((a, b) => a + b, 0n);
  const maxInit = initContainers.map(limitOf).reduce((a, b) => (b > a ? b : a), 0n);
  return maxInit > sum ? maxInit : sum;
}
