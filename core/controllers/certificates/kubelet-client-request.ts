/**
 * What makes a request a kubelet client certificate request, as the approver
 * and the kube-apiserver-client-kubelet signer both check it
 * (certificates.ValidateKubeletClientCSR).
 */
import { decodeBase64, isStdBase64 } from '../../api/kinds/support/base64.ts';
import { parseCertificateRequest, type CertificateRequest, type Parsed } from '../../api/kinds/certificatesigningrequest/certificate-request.ts';
import { str } from '../../api/table/fields.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { NODE_USER_PREFIX, SYSTEM_NODES } from '../../auth/user-info.ts';

/** With key encipherment for RSA keys, without for EC keys: both are kubelet client requests. */
const REQUIRED_USAGES = ['client auth', 'digital signature', 'key encipherment'];
const REQUIRED_USAGES_NO_RSA = ['client auth', 'digital signature'];

/** Why the request is no kubelet client request, or undefined when it is one. */
export function kubeletClientRequestProblem(request: CertificateRequest, usages: readonly string[]): string | undefined {
  if (request.organizations.length !== 1 || request.organizations[0] !== SYSTEM_NODES) return 'subject organization is not system:nodes';
  if (request.dnsNames.length > 0) return 'DNS subjectAltNames are not allowed';
  if (request.emailAddresses.length > 0) return 'Email subjectAltNames are not allowed';
  if (request.ipAddresses.length > 0) return 'IP subjectAltNames are not allowed';
  if (request.uris.length > 0) return 'URI subjectAltNames are not allowed';
  if (!request.commonName.startsWith(NODE_USER_PREFIX)) return `subject common name does not begin with ${NODE_USER_PREFIX}`;
  const asked = [...new Set(usages)].sort();
  if (!sameList(asked, REQUIRED_USAGES) && !sameList(asked, REQUIRED_USAGES_NO_RSA)) return `usages did not match [${REQUIRED_USAGES.join(' ')}]`;
  return undefined;
}

/** The CSR's spec.request, decoded and parsed. */
export function requestOf(csr: KubeObject): Parsed<CertificateRequest> {
  const encoded = str(csr, 'spec', 'request') ?? '';
  if (!isStdBase64(encoded)) return { ok: false, error: 'spec.request is not base64' };
  return parseCertificateRequest(decodeBase64(encoded));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
