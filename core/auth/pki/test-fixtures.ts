/**
 * Certificates for tests: a throwaway CA, PKCS#10 requests with any subject
 * and names, and CertificateSigningRequest objects around them.
 */
import { webcrypto } from 'node:crypto';
import type { KubeObject } from '../../api/types/meta.ts';
import { EC_KEY_ALGORITHM, EC_SIGNING_ALGORITHM, privateKeyPem, randomSerial, x509 } from './x509.ts';

export interface TestCa {
  caCertPem: string;
  caKeyPem: string;
}

export async function makeTestCa(notAfter = new Date(Date.now() + 10 * 365 * 86_400_000)): Promise<TestCa> {
  const keys = await webcrypto.subtle.generateKey(EC_KEY_ALGORITHM, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=test-ca',
    notBefore: new Date(Date.now() - 3_600_000),
    notAfter,
    keys,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)],
  });
  return { caCertPem: ca.toString('pem'), caKeyPem: await privateKeyPem(keys.privateKey) };
}

export interface RequestSubject {
  /** e.g. `CN=system:node:n1, O=system:nodes` */
  name: string;
  dnsNames?: string[];
  ipAddresses?: string[];
}

export async function makeRequestPem(subject: RequestSubject): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(EC_KEY_ALGORITHM, true, ['sign', 'verify']);
  const names = [...(subject.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })), ...(subject.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value }))];
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subject.name,
    keys,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    ...(names.length === 0 ? {} : { extensions: [new x509.SubjectAlternativeNameExtension(names)] }),
  });
  return request.toString('pem');
}

export interface CsrObjectOptions {
  requestPem: string;
  name?: string;
  username?: string;
  groups?: string[];
  usages?: string[];
  signerName?: string;
  expirationSeconds?: number;
  conditions?: Record<string, unknown>[];
  certificatePem?: string;
}

export function csrObject(options: CsrObjectOptions): KubeObject {
  const spec: Record<string, unknown> = {
    request: Buffer.from(options.requestPem).toString('base64'),
    signerName: options.signerName ?? 'kubernetes.io/kube-apiserver-client-kubelet',
    usages: options.usages ?? ['digital signature', 'client auth'],
    username: options.username ?? 'system:bootstrap:abcdef',
    groups: options.groups ?? ['system:bootstrappers', 'system:authenticated'],
  };
  if (options.expirationSeconds !== undefined) spec['expirationSeconds'] = options.expirationSeconds;
  const status: Record<string, unknown> = {};
  if (options.conditions !== undefined) status['conditions'] = options.conditions;
  if (options.certificatePem !== undefined) status['certificate'] = Buffer.from(options.certificatePem).toString('base64');
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: options.name ?? 'node-csr-test', uid: 'u1', resourceVersion: '5', creationTimestamp: '2024-06-01T10:00:00Z' },
    spec,
    status,
  };
}

export const APPROVED = { type: 'Approved', status: 'True', reason: 'AutoApproved', message: 'ok' };
