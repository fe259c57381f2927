import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { StoreBackendFactory } from '../kernel/plugin.ts';
import { validateWithSchema } from '../kernel/standard-schema.ts';
import { KernelError } from '../kernel/errors.ts';
import { MemoryBackend } from './memory-backend.ts';
import { SqliteBackend } from './sqlite-backend.ts';

const memoryOptions = z.object({ historySize: z.number().int().min(100).optional() }).strict();
const sqliteOptions = z
  .object({
    /** the database file, relative to the data directory */
    path: z.string().min(1).default('kubernel.db'),
    historySize: z.number().int().min(100).optional(),
    /** fsync every commit (survives power loss, not only a crash), at a cost in write speed */
    fsync: z.boolean().optional(),
  })
  .strict();

async function parseOptions<T>(schema: z.ZodType<T>, options: unknown): Promise<T> {
  const result = await validateWithSchema(schema, options ?? {}, 'store.options');
  if (!result.ok) throw new KernelError('KERNEL_ERR_CONFIG_INVALID', `kubernel.yaml is invalid:\n  ${result.errors.join('\n  ')}`);
  return result.value;
}

/** The store backends the core ships: `memory` for tests, `sqlite` as the embedded default. */
export const builtinStoreBackends: StoreBackendFactory[] = [
  {
    name: 'memory',
    async create(options) {
      const parsed = await parseOptions(memoryOptions, options);
      return new MemoryBackend(parsed.historySize === undefined ? {} : { historySize: parsed.historySize });
    },
  },
  {
    name: 'sqlite',
    async create(options, context) {
      const parsed = await parseOptions(sqliteOptions, options);
      const path = isAbsolute(parsed.path) ? parsed.path : join(context.dataDir, parsed.path);
      return new SqliteBackend({
        path,
        ...(parsed.historySize === undefined ? {} : { historySize: parsed.historySize }),
        ...(parsed.fsync === undefined ? {} : { fsync: parsed.fsync }),
      });
    },
  },
];
