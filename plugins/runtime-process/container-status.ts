import type { ContainerInfo, ContainerState } from '../../core/index.ts';
import { isSameProcessAlive } from './host-process.ts';
import type { ContainerRecord, ExitRecord, StartedRecord } from './records.ts';
import type { StateDir } from './state-dir.ts';

/** containerd's code for an exit nobody saw (its shim died): the process is gone and its status with it */
export const UNKNOWN_EXIT_CODE = 255;

export interface ContainerStatus {
  record: ContainerRecord;
  state: ContainerState;
  started: StartedRecord | undefined;
  exit: ExitRecord | undefined;
}

/**
 * A container's state from its files and its process: created until the
 * supervisor wrote started.json, running while the command (or, just after
 * it ended, its supervisor) lives, exited once exit.json is there. A command
 * that died with its supervisor, so that nobody recorded how (the machine
 * rebooted, someone killed both), is recorded exited with code 255.
 * The files that never change once written are cached.
 */
export class ContainerStatusReader {
  private readonly records = new Map<string, ContainerRecord>();
  private readonly starts = new Map<string, StartedRecord>();
  private readonly exits = new Map<string, ExitRecord>();

  constructor(private readonly dir: StateDir) {}

  async record(id: string): Promise<ContainerRecord | undefined> {
    const cached = this.records.get(id);
    if (cached !== undefined) return cached;
    const record = await this.dir.readContainer(id);
    if (record !== undefined) this.records.set(id, record);
    return record;
  }

  /** undefined when the container does not exist (or was removed meanwhile) */
  async status(id: string): Promise<ContainerStatus | undefined> {
    const record = await this.record(id);
    if (record === undefined) return undefined;
    let exit = await this.exit(id);
    const started = await this.started(id);
    if (exit !== undefined) return { record, state: 'exited', started, exit };
    if (started === undefined) return { record, state: 'created', started, exit };
    if (await isSameProcessAlive(started.pid, started.procStart, started.bootId)) return { record, state: 'running', started, exit };
    // The command ended; its supervisor, while alive, is about to write exit.json.
    if (await isSameProcessAlive(started.supervisorPid, started.supervisorProcStart, started.bootId)) return { record, state: 'running', started, exit };
    exit = await this.exit(id);
    if (exit === undefined) {
      exit = await this.dir.writeExitOnce(id, {
        exitCode: UNKNOWN_EXIT_CODE,
        finishedAt: new Date().toISOString(),
        reason: 'Error',
        message: 'the process ended without its exit status being recorded (its supervisor was killed or the machine restarted)',
      });
      this.exits.set(id, exit);
    }
    return { record, state: 'exited', started, exit };
  }

  forget(id: string): void {
    this.records.delete(id);
    this.starts.delete(id);
    this.exits.delete(id);
  }

  /** drops what is cached for containers no longer on disk */
  retainOnly(ids: ReadonlySet<string>): void {
    for (const id of this.records.keys()) if (!ids.has(id)) this.forget(id);
  }

  private async started(id: string): Promise<StartedRecord | undefined> {
    const cached = this.starts.get(id);
    if (cached !== undefined) return cached;
    const started = await this.dir.readStarted(id);
    if (started !== undefined) this.starts.set(id, started);
    return started;
  }

  private async exit(id: string): Promise<ExitRecord | undefined> {
    const cached = this.exits.get(id);
    if (cached !== undefined) return cached;
    const exit = await this.dir.readExit(id);
    if (exit !== undefined) this.exits.set(id, exit);
    return exit;
  }
}

export function containerInfoOf(status: ContainerStatus): ContainerInfo {
  const { record, state, started, exit } = status;
  const { spec } = record;
  const info: ContainerInfo = {
    id: record.id,
    sandboxId: spec.sandboxId,
    podUid: spec.podUid,
    namespace: spec.namespace,
    podName: spec.podName,
    name: spec.name,
    attempt: spec.attempt,
    image: spec.image,
    imageId: record.imageId,
    state,
    createdAt: dateOfNs(record.createdAtNs),
    labels: { ...record.labels },
  };
  if (started !== undefined) info.startedAt = new Date(started.startedAt);
  if (exit !== undefined) {
    info.finishedAt = new Date(exit.finishedAt);
    info.exitCode = exit.exitCode;
    info.reason = exit.reason ?? (exit.exitCode === 0 ? 'Completed' : 'Error');
    if (exit.message !== undefined) info.message = exit.message;
  }
  return info;
}

export function dateOfNs(ns: string): Date {
  return new Date(Number(BigInt(ns) / 1_000_000n));
}
