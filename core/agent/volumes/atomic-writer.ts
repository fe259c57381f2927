/**
 * kubelet's AtomicWriter (pkg/volume/util/atomic_writer.go): projects a set of
 * files into a volume directory so that a reader never sees a half-written file
 * or a mix of two versions.
 *
 *   <dir>/key        -> ..data/key           (user-visible, one per top-level name)
 *   <dir>/..data     -> ..2026_11_26_15_00_00.123456789
 *   <dir>/..2026_…/key                        (the real files)
 *
 * A write fills a fresh timestamped directory, points `..data_tmp` at it and
 * renames that over `..data`, which swaps every file at once.
 *
 * One deliberate difference: kubelet deletes the replaced timestamped directory
 * right after the swap, so a reader in another process that resolved `..data`
 * a moment before can still hit ENOENT (we measured it: a few failures in a
 * million reads on a busy two-CPU machine). We delete a replaced version only
 * once it has been replaced for `graceMs` (5 s by default, 0 = kubelet's way),
 * on a later call; the directory names carry their creation time for that.
 */
import { randomInt } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';

export interface FileProjection {
  data: Buffer;
  /** permission bits, e.g. 0o644 */
  mode: number;
}

/** Relative path (forward slashes) → content. */
export type Payload = ReadonlyMap<string, FileProjection>;

export const DATA_DIR_NAME = '..data';
export const NEW_DATA_DIR_NAME = '..data_tmp';
const TIMESTAMP_DIR_RE = /^\.\.(\d{4})_(\d{2})_(\d{2})_(\d{2})_(\d{2})_(\d{2})\.(\d{9})$/;
export const DEFAULT_GRACE_MS = 5_000;

export interface AtomicWriteOptions {
  /** how long a replaced version stays for readers that resolved `..data` just before the swap */
  graceMs?: number;
  /** milliseconds since the epoch; tests move it */
  now?: () => number;
}
const MAX_FILE_NAME_LENGTH = 255;
const MAX_PATH_LENGTH = 4096;

/**
 * Writes `payload` into `targetDir` (which must exist) atomically. Returns
 * false, touching nothing, when the files already hold this payload.
 */
export async function writeAtomically(targetDir: string, payload: Payload, options: AtomicWriteOptions = {}): Promise<boolean> {
  const now = options.now ?? Date.now;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const clean = cleanPayload(payload);
  const dataDirPath = join(targetDir, DATA_DIR_NAME);
  const oldTsDir = await readlinkOrUndefined(dataDirPath);

  let pathsToRemove = new Set<string>();
  if (oldTsDir !== undefined) {
    const oldTsPath = join(targetDir, oldTsDir);
    pathsToRemove = await stalePaths(clean, oldTsPath);
    if (pathsToRemove.size === 0 && !(await payloadDiffers(clean, oldTsPath))) {
      // nothing visible changes; versions whose grace ran out can still go
      await pruneReplacedVersions(targetDir, oldTsDir, now(), graceMs);
      return false;
    }
  }

  const tsDirName = await createTimestampDir(targetDir, now(), await latestVersion(targetDir));
  const tsDir = join(targetDir, tsDirName);
  try {
    await writePayload(clean, tsDir);
    await createUserVisibleLinks(clean, targetDir);
    const newDataDirPath = join(targetDir, NEW_DATA_DIR_NAME);
    await rm(newDataDirPath, { force: true }); // a leftover from a write that crashed midway
    await symlink(tsDirName, newDataDirPath);
    await rename(newDataDirPath, dataDirPath);
  } catch (error) {
    await rm(join(targetDir, NEW_DATA_DIR_NAME), { force: true });
    await rm(tsDir, { recursive: true, force: true });
    throw error;
  }

  for (const path of pathsToRemove) {
    // only top-level entries are links of ours; nested ones vanished with the swap
    if (!path.includes('/')) await rm(join(targetDir, path), { force: true });
  }
  await pruneReplacedVersions(targetDir, tsDirName, now(), graceMs);
  return true;
}

/** validatePayload: relative paths without `..` elements, not starting with `..`, within Linux limits. */
function cleanPayload(payload: Payload): Map<string, FileProjection> {
  const clean = new Map<string, FileProjection>();
  for (const [path, projection] of payload) {
    validatePath(path);
    clean.set(posix.normalize(path).replace(/\/+$/, ''), projection);
  }
  return clean;
}

export function validatePath(path: string): void {
  if (path === '') throw new Error(`invalid path: must not be empty: "${path}"`);
  if (posix.isAbsolute(path)) throw new Error(`invalid path: must be relative path: ${path}`);
  if (path.length > MAX_PATH_LENGTH) throw new Error(`invalid path: must be less than or equal to ${MAX_PATH_LENGTH} characters`);
  const items = path.split('/');
  for (const item of items) {
    if (item === '..') throw new Error(`invalid path: must not contain '..': ${path}`);
    if (item.length > MAX_FILE_NAME_LENGTH) {
      throw new Error(`invalid path: filenames must be less than or equal to ${MAX_FILE_NAME_LENGTH} characters`);
    }
  }
  const first = items[0] ?? '';
  if (first.startsWith('..') && first.length > 2) throw new Error(`invalid path: must not start with '..': ${path}`);
}

/** Paths in the current version that the payload no longer has (its files and their parent dirs stay). */
async function stalePaths(payload: ReadonlyMap<string, FileProjection>, oldTsPath: string): Promise<Set<string>> {
  let existing: string[];
  try {
    existing = (await readdir(oldTsPath, { recursive: true })).map((entry) => entry.split('\\').join('/'));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return new Set();
    throw error;
  }
  const keep = new Set<string>();
  for (const path of payload.keys()) {
    for (let sub = path; sub !== '.' && sub !== ''; sub = posix.dirname(sub)) keep.add(sub);
  }
  return new Set(existing.filter((path) => !keep.has(path)));
}

/** Whether any file of the payload is missing or differs (content or mode) in the current version. */
async function payloadDiffers(payload: ReadonlyMap<string, FileProjection>, oldTsPath: string): Promise<boolean> {
  for (const [path, projection] of payload) {
    const file = join(oldTsPath, path);
    try {
      const info = await lstat(file);
      if (!info.isFile() || (info.mode & 0o7777) !== projection.mode) return true;
      if (!(await readFile(file)).equals(projection.data)) return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return true;
      throw error;
    }
  }
  return false;
}

/**
 * `..2026_11_26_15_00_00.123456789`: UTC time, then milliseconds and random digits
 * as nanoseconds. Names sort in creation order (fixed width), so a name is bumped
 * past `latest` when both fall in the same millisecond.
 */
async function createTimestampDir(targetDir: string, nowMs: number, latest: string | undefined): Promise<string> {
  const at = new Date(nowMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  const stamp = `..${at.getUTCFullYear()}_${two(at.getUTCMonth() + 1)}_${two(at.getUTCDate())}_${two(at.getUTCHours())}_${two(at.getUTCMinutes())}_${two(at.getUTCSeconds())}`;
  let nanos = at.getUTCMilliseconds() * 1_000_000 + randomInt(1_000_000);
  if (latest?.startsWith(`${stamp}.`)) nanos = Math.max(nanos, Number(latest.slice(stamp.length + 1)) + 1);
  for (; ; nanos++) {
    const name = `${stamp}.${String(Math.min(nanos, 999_999_999)).padStart(9, '0')}`;
    try {
      await mkdir(join(targetDir, name), { mode: 0o755 });
    } catch (error) {
      if (isErrno(error, 'EEXIST') && nanos < 999_999_999) continue;
      throw error;
    }
    // group and other must be able to traverse it whatever the umask
    await chmod(join(targetDir, name), 0o755);
    return name;
  }
}

async function versionNames(targetDir: string): Promise<string[]> {
  return (await readdir(targetDir)).filter((name) => TIMESTAMP_DIR_RE.test(name)).sort();
}

async function latestVersion(targetDir: string): Promise<string | undefined> {
  return (await versionNames(targetDir)).at(-1);
}

/** The creation time (ms) a timestamped directory's name records; undefined for other names. */
export function timestampDirTime(name: string): number | undefined {
  const m = TIMESTAMP_DIR_RE.exec(name);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second, nanos] = m.slice(1).map(Number);
  return Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second, Math.floor((nanos ?? 0) / 1_000_000));
}

/**
 * Removes every timestamped directory but `current` whose successor (the version
 * that replaced it) is older than the grace period. A newer directory that never
 * became current is a crashed write's leftover and goes at once.
 */
async function pruneReplacedVersions(targetDir: string, current: string, nowMs: number, graceMs: number): Promise<void> {
  const versions = await versionNames(targetDir);
  for (const [i, name] of versions.entries()) {
    if (name === current) continue;
    const successor = versions[i + 1];
    const replacedAt = successor === undefined ? undefined : timestampDirTime(successor);
    if (replacedAt === undefined || nowMs - replacedAt >= graceMs) {
      await rm(join(targetDir, name), { recursive: true, force: true });
    }
  }
}

async function writePayload(payload: ReadonlyMap<string, FileProjection>, dir: string): Promise<void> {
  for (const [path, { data, mode }] of payload) {
    const file = join(dir, path);
    await mkdir(posix.dirname(file), { recursive: true, mode: 0o755 });
    await writeFile(file, data, { mode });
    await chmod(file, mode); // writeFile's mode is filtered by the umask
  }
}

/** `name -> ..data/name` for every top-level name that has no entry yet. */
async function createUserVisibleLinks(payload: ReadonlyMap<string, FileProjection>, targetDir: string): Promise<void> {
  const names = new Set([...payload.keys()].map((path) => path.split('/')[0] ?? path));
  for (const name of names) {
    const visible = join(targetDir, name);
    try {
      await lstat(visible);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
      await symlink(posix.join(DATA_DIR_NAME, name), visible);
    }
  }
}

async function readlinkOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readlink(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
