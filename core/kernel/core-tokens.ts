import type { Logger } from 'pino';
import { createToken } from './tokens.ts';

/** A source of time that tests and simulations can replace. */
export interface Clock {
  now(): Date;
}

/** Core services a plugin can declare in `deps`. */
export const CoreTokens = {
  clock: createToken<Clock>('core.clock'),
  /** the data directory of this control plane (state, certificates) */
  dataDir: createToken<string>('core.dataDir'),
  logger: createToken<Logger>('core.logger'),
} as const;
