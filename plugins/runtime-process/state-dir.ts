import { link, mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  containerRecordSchema,
  exitRecordSchema,
  sandboxRecordSchema,
  startedRecordSchema,
  type ContainerRecord,
  type ExitRecord,
  type SandboxRecord,
  type StartedRecord,
} from './records.ts';

/**
 * The runtime's files under `<stateDir>/process-runtime/`:
 *   sandboxes/<id>/sandbox.json
 *   containers/<id>/{container.json, started.json, exit.json, container.log, supervisor.log, work/}
 * Every write is a rename of a finished file, so a reader (another agent
 * process, the supervisor) never sees half of one.
 */
export class StateDir {
  readonly root: string;

  constructor(stateDir: string) {
    this.root = join(stateDir, 'process-runtime');
  }

  async init(): Promise<void> {
    await mkdir(join(this.root, 'sandboxes'), { recursive: true });
    await mkdir(join(this.root, 'containers'), { recursive: true });
  }

  sandboxDir(id: string): string {
    return join(this.root, 'sandboxes', id);
  }

  containerDir(id: string): string {
    return join(this.root, 'containers', id);
  }

  logPath(id: string): string {
    return join(this.containerDir(id), 'container.log');
  }

  /** the default working directory of a container: its own, as Nomad's raw_exec runs a task in its task dir */
  workDir(id: string): string {
    return join(this.containerDir(id), 'work');
  }

  sandboxIds(): Promise<string[]> {
    return listDir(join(this.root, 'sandboxes'));
  }

  containerIds(): Promise<string[]> {
    return listDir(join(this.root, 'containers'));
  }

  async writeSandbox(record: SandboxRecord): Promise<void> {
    await mkdir(this.sandboxDir(record.id), { recursive: true });
    await writeJsonAtomically(join(this.sandboxDir(record.id), 'sandbox.json'), record);
  }

  readSandbox(id: string): Promise<SandboxRecord | undefined> {
    return readJson(join(this.sandboxDir(id), 'sandbox.json'), sandboxRecordSchema);
  }

  async removeSandbox(id: string): Promise<void> {
    await rm(this.sandboxDir(id), { recursive: true, force: true });
  }

  async writeContainer(record: ContainerRecord): Promise<void> {
    await mkdir(this.workDir(record.id), { recursive: true });
    await writeJsonAtomically(join(this.containerDir(record.id), 'container.json'), record);
  }

  readContainer(id: string): Promise<ContainerRecord | undefined> {
    return readJson(join(this.containerDir(id), 'container.json'), containerRecordSchema);
  }

  readStarted(id: string): Promise<StartedRecord | undefined> {
    return readJson(join(this.containerDir(id), 'started.json'), startedRecordSchema);
  }

  readExit(id: string): Promise<ExitRecord | undefined> {
    return readJson(join(this.containerDir(id), 'exit.json'), exitRecordSchema);
  }

  /** Records an exit unless one is there already (the supervisor's wins); returns the one that holds. */
  async writeExitOnce(id: string, record: ExitRecord): Promise<ExitRecord> {
    const path = join(this.containerDir(id), 'exit.json');
    const tmp = `${path}.runtime.tmp`;
    await writeFile(tmp, `${JSON.stringify(record)}\n`);
    try {
      await link(tmp, path);
      return record;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
      return (await this.readExit(id)) ?? record;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async removeContainer(id: string): Promise<void> {
    await rm(this.containerDir(id), { recursive: true, force: true });
  }
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
}

async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value)}\n`);
  await rename(tmp, path);
}

/** undefined when the file is missing (never written, or removed meanwhile) */
async function readJson<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return undefined;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  return schema.parse(parsed);
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
