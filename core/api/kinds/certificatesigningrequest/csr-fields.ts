/**
 * certificates.k8s.io/v1 names: well-known signers, key usages, condition
 * types, and readers of a CSR's conditions the API and the controllers share.
 */
import type { KubeObject } from '../../types/meta.ts';
import { arr, str } from '../../table/fields.ts';
import { isRecord } from '../../types/meta.ts';

export const KUBE_APISERVER_CLIENT_KUBELET_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
export const KUBE_APISERVER_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';
export const LEGACY_UNKNOWN_SIGNER = 'kubernetes.io/legacy-unknown';

export type CsrConditionType = 'Approved' | 'Denied' | 'Failed';

/** Every KeyUsage Kubernetes accepts (allValidUsages), sorted as its "supported values" lists them. */
export const KEY_USAGES: readonly string[] = [
  'any',
  'cert sign',
  'client auth',
  'code signing',
  'content commitment',
  'crl sign',
  'data encipherment',
  'decipher only',
  'digital signature',
  'email protection',
  'encipher only',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'key agreement',
  'key encipherment',
  'microsoft sgc',
  'netscape sgc',
  'ocsp signing',
  's/mime',
  'server auth',
  'signing',
  'timestamping',
];

export interface CsrCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export function csrConditions(csr: KubeObject): CsrCondition[] {
  return arr(csr, 'status', 'conditions')
    .filter(isRecord)
    .map((c) => ({ ...c, type: typeof c['type'] === 'string' ? c['type'] : '', status: typeof c['status'] === 'string' ? c['status'] : '' }));
}

/** A condition of the type is present with status True (or unset, which defaults to True). */
export function hasTrueCondition(csr: KubeObject, type: CsrConditionType): boolean {
  return csrConditions(csr).some((c) => c.type === type && (c.status === 'True' || c.status === ''));
}

/** status.certificate as it travels: base64 of the PEM; '' before the signer issued one. */
export function issuedCertificate(csr: KubeObject): string {
  return str(csr, 'status', 'certificate') ?? '';
}

export function signerNameOf(csr: KubeObject): string {
  return str(csr, 'spec', 'signerName') ?? '';
}

export function usagesOf(csr: KubeObject): string[] {
  return arr(csr, 'spec', 'usages').filter((u): u is string => typeof u === 'string');
}
