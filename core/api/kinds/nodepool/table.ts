import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { arr, str } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';

/** The status of an object's condition of that type, "Unknown" when it has none yet (a controller has not reported). */
export function conditionStatus(obj: unknown, type: string): string {
  const found = arr(obj, 'status', 'conditions').find((c) => str(c, 'type') === type);
  return str(found, 'status') || 'Unknown';
}

/** `kubectl get nodepools`: Karpenter's printer columns, with the pool's provider in place of its node class. */
export const nodePoolTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Provider', 'string', "The node-provider plugin that launches the pool's nodes."),
    column('Nodes', 'string', 'Nodes the pool has.'),
    column('Ready', 'string', "Status of the pool's Ready condition."),
    ageColumn(),
  ],
  cells(pool, now) {
    return [
      pool.metadata.name ?? '',
      str(pool, 'spec', 'provider') ?? '',
      str(pool, 'status', 'resources', 'nodes') ?? '0',
      conditionStatus(pool, 'Ready'),
      translateTimestampSince(pool.metadata.creationTimestamp, now),
    ];
  },
};
