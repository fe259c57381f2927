import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { arr } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';

/** `kubectl get serviceaccounts`, after printServiceAccount. */
export const serviceAccountTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'),
    ageColumn(),
  ],
  cells(obj, now) {
    return [
      obj.metadata.name ?? '',
      arr(obj, 'secrets').length,
      translateTimestampSince(obj.metadata.creationTimestamp, now),
    ];
  },
};
