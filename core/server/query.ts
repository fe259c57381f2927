import { badRequest } from '../api/errors.ts';

export type Query = Record<string, string | string[] | undefined>;

/** The last value of a query parameter, as Go's url.Values.Get reads the first; Kubernetes clients send one. */
export function param(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

export function boolParam(query: Query, name: string): boolean {
  const value = param(query, name);
  return value === 'true' || value === '1';
}

export function intParam(query: Query, name: string): number | undefined {
  const value = param(query, name);
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw badRequest(`invalid value for ${name}: "${value}" is not an integer`);
  return parsed;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** `fieldValidation`, defaulting to Warn as kube-apiserver does when a client does not say. */
export function fieldValidation(query: Query): FieldValidation {
  const value = param(query, 'fieldValidation');
  if (value === undefined || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(`fieldValidation must be one of Strict, Warn or Ignore, got "${value}"`);
}

/** `dryRun=All` is the only accepted value, as in Kubernetes. */
export function isDryRun(query: Query): boolean {
  const value = query['dryRun'];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  for (const v of values) if (v !== 'All') throw badRequest(`Invalid dry run value: ${v}: supported values: "All"`);
  return values.length > 0;
}
