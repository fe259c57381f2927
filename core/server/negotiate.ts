import { ApiError } from '../api/errors.ts';
import type { IncludeObjectPolicy } from '../api/table/build.ts';
import { param, type Query } from './query.ts';

/** What representation a GET asked for in its Accept header. */
export type Representation = 'object' | 'table' | 'partial-metadata';

/**
 * kubectl asks `application/json;as=Table;v=v1;g=meta.k8s.io,application/json`;
 * garbage collectors ask for PartialObjectMetadata. The first listed that we
 * serve wins; protobuf-only requests are refused with 406.
 */
/** Answers by Accept header: a client sends the same one on every request. */
const representations = new Map<string, Representation>();
const REPRESENTATIONS_KEPT = 256;

export function representation(accept: string | undefined): Representation {
  if (accept === undefined || accept === '') return 'object';
  let known = representations.get(accept);
  if (known === undefined) {
    known = negotiate(accept);
    if (representations.size >= REPRESENTATIONS_KEPT) representations.clear();
    representations.set(accept, known);
  }
  return known;
}

function negotiate(accept: string): Representation {
  for (const clause of accept.split(',')) {
    const [type = '', ...params] = clause.split(';').map((p) => p.trim());
    const as = params.find((p) => p.startsWith('as='))?.slice(3);
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    if (as === undefined) return 'object';
    if (as === 'Table') return 'table';
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return 'partial-metadata';
  }
  if (accept.includes('application/json') || accept.includes('*/*')) return 'object';
  throw new ApiError('NotAcceptable', `only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io`);
}

export function includeObjectPolicy(query: Query): IncludeObjectPolicy {
  const value = param(query, 'includeObject');
  if (value === undefined || value === '') return 'Metadata';
  if (value === 'None' || value === 'Object' || value === 'Metadata') return value;
  throw new ApiError('BadRequest', `includeObject: Unsupported value: "${value}": supported values: "None", "Metadata", "Object"`);
}
