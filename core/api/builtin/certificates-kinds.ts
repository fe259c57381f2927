import { defaultCertificateSigningRequest, prepareCertificateSigningRequestForCreate, prepareCertificateSigningRequestForUpdate } from '../kinds/certificatesigningrequest/defaults.ts';
import { certificateSigningRequestTable } from '../kinds/certificatesigningrequest/table.ts';
import { validateCertificateSigningRequest, validateCertificateSigningRequestUpdate } from '../kinds/certificatesigningrequest/validation.ts';
import type { ResourceType } from '../resource-type.ts';
import { defineKind, pathFields } from './define-kind.ts';

/**
 * certificates.k8s.io/v1. CertificateSigningRequests also have an `approval`
 * subresource; its route is the API server's (core/server/certificates), as
 * the ResourceType's subresource list has no such entry.
 */
export function certificatesKinds(): ResourceType[] {
  return [
    defineKind({
      group: 'certificates.k8s.io',
      kind: 'CertificateSigningRequest',
      plural: 'certificatesigningrequests',
      namespaced: false,
      shortNames: ['csr'],
      subresources: ['status'],
      selectableFields: pathFields('spec.signerName'),
      defaults: defaultCertificateSigningRequest,
      validate: validateCertificateSigningRequest,
      validateUpdate: validateCertificateSigningRequestUpdate,
      table: certificateSigningRequestTable,
      prepareForCreate: prepareCertificateSigningRequestForCreate,
      prepareForUpdate: prepareCertificateSigningRequestForUpdate,
    }),
  ];
}
