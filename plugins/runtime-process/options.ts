import { z } from 'zod';

/** `--runtime process` options (a local pool's `runtimeOptions`). */
export const processRuntimeOptionsSchema = z
  .object({
    /** $PATH of every container; by default the agent's own, so that the host's tools are found */
    path: z.string().min(1).optional(),
  })
  .strict()
  .default({});

export type ProcessRuntimeOptions = z.output<typeof processRuntimeOptionsSchema>;
