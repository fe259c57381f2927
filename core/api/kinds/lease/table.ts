import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { str } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';

/** `kubectl get leases`, after printLease. */
export const leaseTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'),
    ageColumn(),
  ],
  cells(obj, now) {
    return [
      obj.metadata.name ?? '',
      str(obj, 'spec', 'holderIdentity') ?? '',
      translateTimestampSince(obj.metadata.creationTimestamp, now),
    ];
  },
};
