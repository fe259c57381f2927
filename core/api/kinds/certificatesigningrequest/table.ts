import { humanDuration, translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { num, str } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';
import type { KubeObject } from '../../types/meta.ts';
import { csrConditions, issuedCertificate } from './csr-fields.ts';

/** `kubectl get csr`, after printCertificateSigningRequest. */
export const certificateSigningRequestTable: TableConvertor = {
  columns: [
    nameColumn(),
    ageColumn(),
    column('SignerName', 'string', 'signerName indicates the requested signer, and is a qualified name.'),
    column('Requestor', 'string', 'Name of the requestor'),
    column('RequestedDuration', 'string', 'expirationSeconds is the requested duration of validity of the issued certificate.'),
    column('Condition', 'string', 'conditions applied to the request. Known conditions are "Approved", "Denied", and "Failed".'),
  ],
  cells(obj, now) {
    const expirationSeconds = num(obj, 'spec', 'expirationSeconds');
    const signerName = str(obj, 'spec', 'signerName') ?? '';
    return [
      obj.metadata.name ?? '',
      translateTimestampSince(obj.metadata.creationTimestamp, now),
      signerName === '' ? '<none>' : signerName,
      str(obj, 'spec', 'username') ?? '',
      expirationSeconds === undefined ? '<none>' : humanDuration(expirationSeconds * 1000),
      csrCondition(obj),
    ];
  },
};

/** extractCSRStatus: Denied over Approved over Pending, then Failed and Issued. */
export function csrCondition(csr: KubeObject): string {
  const types = new Set(csrConditions(csr).map((c) => c.type));
  let condition = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) condition += ',Failed';
  if (issuedCertificate(csr) !== '') condition += ',Issued';
  return condition;
}
