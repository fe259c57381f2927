import { bytes, int32, message, messages, string, stringListMap, strings, time, type MessageSpec } from './schema.ts';

/**
 * certificates.k8s.io/v1 CertificateSigningRequest (k8s.io/api certificates/v1
 * generated.proto), the body of `kubectl certificate approve|deny` (PUT
 * .../certificatesigningrequests/NAME/approval) and of client-go's CSR clients.
 */
export const CERTIFICATES_MESSAGES = {
  CertificateSigningRequest: {
    1: message('metadata', 'ObjectMeta'),
    2: message('spec', 'CertificateSigningRequestSpec'),
    3: message('status', 'CertificateSigningRequestStatus'),
  },
  CertificateSigningRequestSpec: {
    // `json:"request"` without omitempty, but a nil []byte prints as null (dropped):
    // only a request that was sent, even empty, prints.
    1: bytes('request', 'pointer'),
    7: string('signerName', 'always'),
    8: int32('expirationSeconds', 'pointer'),
    5: strings('usages'),
    2: string('username'),
    3: string('uid'),
    4: strings('groups'),
    6: stringListMap('extra'),
  },
  CertificateSigningRequestStatus: {
    1: messages('conditions', 'CertificateSigningRequestCondition'),
    2: bytes('certificate'),
  },
  CertificateSigningRequestCondition: {
    1: string('type', 'always'),
    6: string('status', 'always'),
    2: string('reason'),
    3: string('message'),
    4: time('lastUpdateTime'),
    5: time('lastTransitionTime'),
  },
} satisfies Record<string, MessageSpec>;
