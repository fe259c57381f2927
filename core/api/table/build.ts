import type { KubeObject, ListMeta } from '../types/meta.ts';
import { translateTimestampSince } from './age.ts';
import { CREATION_TIMESTAMP_DOC, column, nameColumn } from './columns.ts';
import type { Table, TableConvertor, TableRow } from './table.ts';

/** The `includeObject` query parameter of a Table request (metav1.IncludeObjectPolicy). */
export type IncludeObjectPolicy = 'None' | 'Object' | 'Metadata';

export interface BuildTableOptions {
  includeObject: IncludeObjectPolicy;
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** What a row carries as `object`, as the apiserver's table transform does per policy. */
function rowObject(obj: KubeObject, policy: IncludeObjectPolicy): unknown {
  switch (policy) {
    case 'None':
      return undefined;
    case 'Object':
      return obj;
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  }
}

/**
 * A meta.k8s.io/v1 Table of `objects`. The server always prints every column,
 * wide ones included: kubectl hides priority > 0 columns unless `-o wide`.
 */
export function buildTable(
  convertor: TableConvertor,
  objects: KubeObject[],
  now: Date,
  opts: BuildTableOptions,
): Table {
  const metadata: ListMeta = {};
  if (opts.resourceVersion) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;

  const rows = objects.map((obj): TableRow => {
    const row: TableRow = { cells: convertor.cells(obj, now) };
    const object = rowObject(obj, opts.includeObject);
    if (object !== undefined) row.object = object;
    return row;
  });

  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: [...convertor.columns],
    rows,
  };
}

/**
 * NAME and AGE, what a custom resource without additionalPrinterColumns prints
 * (its default column is `Age`, type date, shown as a duration).
 */
export const defaultTableConvertor: TableConvertor = {
  columns: [nameColumn(), column('Age', 'date', CREATION_TIMESTAMP_DOC)],
  cells: (obj, now) => [obj.metadata.name ?? '', translateTimestampSince(obj.metadata.creationTimestamp, now)],
};

/** Go's time.Time{}.UTC().Format(time.RFC3339): what an unset timestamp prints as. */
const ZERO_TIME_RFC3339 = '0001-01-01T00:00:00Z';

function rfc3339Seconds(timestamp: string | undefined): string {
  const ms = timestamp ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(ms)) return ZERO_TIME_RFC3339;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * NAME and CREATED AT, the apiserver's generic rest.NewDefaultTableConvertor that
 * built-in kinds without a printer use (e.g. `kubectl get clusterroles`).
 */
export const createdAtTableConvertor: TableConvertor = {
  columns: [nameColumn(), column('Created At', 'date', CREATION_TIMESTAMP_DOC)],
  cells: (obj) => [obj.metadata.name ?? '', rfc3339Seconds(obj.metadata.creationTimestamp)],
};
