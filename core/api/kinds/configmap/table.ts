import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { keyCount } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';

/** `kubectl get configmaps`, after printConfigMap: DATA counts data and binaryData keys. */
export const configMapTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Data', 'string', 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.'),
    ageColumn(),
  ],
  cells(obj, now) {
    return [
      obj.metadata.name ?? '',
      keyCount(obj, 'data') + keyCount(obj, 'binaryData'),
      translateTimestampSince(obj.metadata.creationTimestamp, now),
    ];
  },
};
