import { z } from 'zod';
import type { ContainerSpec, SandboxState } from '../../core/index.ts';

/**
 * What the process runtime keeps on disk, one file per writer so that no
 * file is ever written by two processes: the runtime writes sandbox.json and
 * container.json, the supervisor started.json and exit.json (the runtime
 * writes exit.json only once the supervisor is gone). Parsed with schemas
 * because the files outlive the code that wrote them.
 */

const stringRecord = z.record(z.string(), z.string());

export const sandboxRecordSchema = z.object({
  id: z.string(),
  podUid: z.string(),
  namespace: z.string(),
  name: z.string(),
  hostname: z.string(),
  labels: stringRecord,
  /** nanoseconds since the epoch, as a decimal string: orders sandboxes made within one millisecond */
  createdAtNs: z.string(),
  state: z.enum(['ready', 'notready']) satisfies z.ZodType<SandboxState>,
});
export type SandboxRecord = z.output<typeof sandboxRecordSchema>;

const containerSpecSchema = z.object({
  sandboxId: z.string(),
  podUid: z.string(),
  namespace: z.string(),
  podName: z.string(),
  name: z.string(),
  attempt: z.number(),
  image: z.string(),
  command: z.array(z.string()),
  args: z.array(z.string()),
  env: z.array(z.object({ name: z.string(), value: z.string() })),
  workingDir: z.string().optional(),
  mounts: z.array(z.object({ hostPath: z.string(), containerPath: z.string(), readOnly: z.boolean() })),
  resources: z.object({
    cpuRequestMillis: z.number().optional(),
    cpuLimitMillis: z.number().optional(),
    memoryRequestBytes: z.number().optional(),
    memoryLimitBytes: z.number().optional(),
  }),
  tty: z.boolean(),
  stdin: z.boolean(),
  stdinOnce: z.boolean(),
  labels: stringRecord,
}) satisfies z.ZodType<ContainerSpec>;

/** How the supervisor runs the command; the supervisor reads this part of container.json. */
const launchSchema = z.object({
  argv: z.array(z.string()).min(1),
  env: stringRecord,
  cwd: z.string(),
});
export type Launch = z.output<typeof launchSchema>;

export const containerRecordSchema = z.object({
  id: z.string(),
  spec: containerSpecSchema,
  /** the spec's labels plus RuntimeLabels */
  labels: stringRecord,
  imageId: z.string(),
  createdAtNs: z.string(),
  launch: launchSchema,
});
export type ContainerRecord = z.output<typeof containerRecordSchema>;

export const startedRecordSchema = z.object({
  /** the command's pid, which is also its process group and session id */
  pid: z.number().int().positive(),
  supervisorPid: z.number().int().positive(),
  startedAt: z.string(),
  /** Linux: the command's start time in clock ticks after boot, to tell a reused pid apart */
  procStart: z.string().nullable(),
  supervisorProcStart: z.string().nullable().optional(),
  /** Linux: the boot the pid belongs to */
  bootId: z.string().nullable(),
});
export type StartedRecord = z.output<typeof startedRecordSchema>;

export const exitRecordSchema = z.object({
  exitCode: z.number().int(),
  finishedAt: z.string(),
  /** set when not derived from the exit code: 'StartError' when the command could not run */
  reason: z.string().optional(),
  message: z.string().optional(),
  signal: z.string().nullable().optional(),
});
export type ExitRecord = z.output<typeof exitRecordSchema>;
