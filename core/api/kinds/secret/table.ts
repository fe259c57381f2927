import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { keyCount, str } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';

/** `kubectl get secrets`, after printSecret. */
export const secretTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'string', 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.'),
    ageColumn(),
  ],
  cells(obj, now) {
    return [
      obj.metadata.name ?? '',
      str(obj, 'type') ?? '',
      keyCount(obj, 'data'),
      translateTimestampSince(obj.metadata.creationTimestamp, now),
    ];
  },
};
