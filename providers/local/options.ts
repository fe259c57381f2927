import { z } from 'zod';
import { crashLoopBackOffSchema, nodeCapacitySchema } from '../../core/index.ts';

/**
 * `nodePools[].options` of a local pool: nodes that run their pods on this
 * machine, through Docker when an engine answers, else as host processes.
 */
export const localOptionsSchema = z
  .object({
    /** nodes the pool has from the start */
    count: z.number().int().min(0).max(16).default(1),
    /** docker | process | auto (Docker when an engine answers, else processes) */
    runtime: z.string().default('auto'),
    runtimeOptions: z.record(z.string(), z.unknown()).default({}),
    /** every node's InternalIP and where its log/exec server listens: this machine */
    nodeIP: z.string().default('127.0.0.1'),
    /** what each node offers instead of the host's figures */
    capacity: nodeCapacitySchema,
    crashLoopBackOff: crashLoopBackOffSchema,
    leaseRenewSeconds: z.number().positive().default(10),
  })
  .strict();

export type LocalOptions = z.infer<typeof localOptionsSchema>;
