import { readFile } from 'node:fs/promises';
import { isErrno } from './state-dir.ts';

/**
 * Questions about host processes by pid. On Linux /proc tells a live process
 * from a zombie and from a later process that reuses the pid (its start time
 * differs); elsewhere only `kill(pid, 0)` is asked.
 */

const onLinux = process.platform === 'linux';

/** The fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
export async function procStatFields(pid: number): Promise<string[] | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).trim().split(' ');
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ESRCH')) return undefined;
    throw error;
  }
}

/** stat field 3 is fields[0]; field 22 (starttime) is fields[19] */
const STATE = 0;
const START_TIME = 19;

let currentBootId: Promise<string | null> | undefined;

export function bootId(): Promise<string | null> {
  currentBootId ??= readFile('/proc/sys/kernel/random/boot_id', 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
  return currentBootId;
}

/**
 * Whether `pid` is still the process that was recorded: alive (not a zombie),
 * started at `procStart` clock ticks after boot, in the boot `recordedBootId`
 * (null values are not compared).
 */
export async function isSameProcessAlive(pid: number, procStart: string | null | undefined, recordedBootId: string | null): Promise<boolean> {
  if (!onLinux) return signalZero(pid);
  if (recordedBootId !== null && recordedBootId !== (await bootId())) return false;
  const fields = await procStatFields(pid);
  if (fields === undefined) return false;
  if (fields[STATE] === 'Z' || fields[STATE] === 'X') return false;
  return procStart === null || procStart === undefined || fields[START_TIME] === procStart;
}

function signalZero(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

/** Signals every process of the group `pgid`; false when none is left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (isErrno(error, 'ESRCH')) return false;
    throw error;
  }
}
