import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { str } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';

/** `kubectl get namespaces`, after printNamespace. */
export const namespaceTable: TableConvertor = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  cells(obj, now) {
    return [
      obj.metadata.name ?? '',
      str(obj, 'status', 'phase') ?? '',
      translateTimestampSince(obj.metadata.creationTimestamp, now),
    ];
  },
};
