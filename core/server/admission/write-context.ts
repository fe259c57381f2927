import { badRequest } from '../../api/errors.ts';
import { fieldValidation, isDryRun, param, type FieldValidation, type Query } from '../query.ts';

/** Per-request settings of a write, read once from the query string and headers. */
export interface WriteContext {
  dryRun: boolean;
  fieldValidation: FieldValidation;
  /** who is writing, for managedFields */
  manager: string;
  /** fieldManager was given; server-side apply requires it */
  explicitManager: boolean;
  force: boolean;
  now: Date;
  /** `Warning` headers to send back */
  warnings: string[];
}

export function writeContext(query: Query, userAgent: string | undefined, now: Date): WriteContext {
  const explicit = param(query, 'fieldManager');
  if (explicit !== undefined && explicit.length > 128) throw badRequest('fieldManager: Too long: may not be longer than 128 characters');
  // As kube-apiserver: without fieldManager, the user agent up to its first '/' names the manager.
  const manager = explicit ?? ((userAgent ?? 'unknown').split('/', 1)[0] ?? 'unknown').slice(0, 128);
  const force = param(query, 'force');
  if (force !== undefined && force !== 'true' && force !== 'false') throw badRequest(`force: Invalid value: "${force}": must be true or false`);
  return { dryRun: isDryRun(query), fieldValidation: fieldValidation(query), manager, explicitManager: explicit !== undefined && explicit !== '', force: force === 'true', now, warnings: [] };
}
