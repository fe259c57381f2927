import type { KubeObject, ListMeta } from '../types/meta.ts';

/** meta.k8s.io/v1 TableColumnDefinition */
export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0 prints always; higher only with `-o wide` */
  priority: number;
}

export type TableCell = string | number | boolean | null;

export interface TableRow {
  cells: TableCell[];
  /** PartialObjectMetadata or the full object, per `includeObject` */
  object?: unknown;
}

/** meta.k8s.io/v1 Table, what `kubectl get` asks for with `Accept: ...;as=Table` */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** The columns a kind prints and how one object becomes a row of cells, in column order. */
export interface TableConvertor {
  columns: TableColumnDefinition[];
  /** `now` is passed in so AGE is computed once per response and tests are deterministic */
  cells(obj: KubeObject, now: Date): TableCell[];
}
