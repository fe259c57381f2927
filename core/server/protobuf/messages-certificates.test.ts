import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from './decode.ts';
import { MESSAGES } from './messages.ts';
import { entry, envelope, len, meta, num, timestamp } from './test-encoder.ts';

/**
 * certificates.k8s.io/v1 CertificateSigningRequest, as `kubectl certificate
 * approve|deny` sends it to the approval subresource, built field by field
 * from k8s.io/api certificates/v1 generated.proto.
 */

const PEM = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n';
const base64 = (text: string): string => Buffer.from(text).toString('base64');
const extraValue = (...items: string[]): number[] => items.flatMap((item) => len(1, item));
const csr = (spec: number[], status?: number[]): Buffer =>
  envelope('certificates.k8s.io/v1', 'CertificateSigningRequest', [...len(1, meta('alice')), ...len(2, spec), ...(status === undefined ? [] : len(3, status))]);

describe('decodeKubernetesProtobuf: certificates.k8s.io/v1 CertificateSigningRequest', () => {
  it('decodes every spec field: bytes as base64, a zero *int32 kept, extra as lists of strings', () => {
    const spec = [
      ...len(1, PEM),
      ...len(2, 'system:bootstrap:abcdef'),
      ...len(3, 'uid-1'),
      ...len(4, 'system:bootstrappers'),
      ...len(4, 'system:authenticated'),
      ...len(5, 'digital signature'),
      ...len(5, 'client auth'),
      ...entry(6, 'scopes', extraValue('a', 'b')),
      ...entry(6, 'none', []),
      ...len(7, 'example.com/custom'),
      ...num(8, 0),
    ];
    expect(decodeKubernetesProtobuf(csr(spec))).toEqual({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'alice' },
      spec: {
        request: base64(PEM),
        signerName: 'example.com/custom',
        expirationSeconds: 0,
        usages: ['digital signature', 'client auth'],
        username: 'system:bootstrap:abcdef',
        uid: 'uid-1',
        groups: ['system:bootstrappers', 'system:authenticated'],
        extra: { scopes: ['a', 'b'], none: [] },
      },
    });
  });

  it('decodes the conditions kubectl certificate approve adds, beside the issued certificate', () => {
    const condition = [...len(1, 'Approved'), ...len(6, 'True'), ...len(2, 'KubectlApprove'), ...len(3, 'approved'), ...len(4, timestamp(1_700_000_000)), ...len(5, [])];
    const body = csr([...len(1, PEM), ...len(7, 'example.com/custom')], [...len(1, condition), ...len(2, CERT)]);
    expect(decodeKubernetesProtobuf(body)).toMatchObject({
      spec: { request: base64(PEM), signerName: 'example.com/custom' },
      status: {
        conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'approved', lastUpdateTime: '2023-11-14T22:13:20Z' }],
        certificate: base64(CERT),
      },
    });
  });

  it('prints type, status and signerName even when not sent (no omitempty), and drops an absent request like Go drops null', () => {
    const body = csr([], len(1, []));
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'alice' },
      spec: { signerName: '' },
      status: { conditions: [{ type: '', status: '' }] },
    });
  });

  it.each([
    ['CertificateSigningRequestSpec', 1, 'request'],
    ['CertificateSigningRequestSpec', 2, 'username'],
    ['CertificateSigningRequestSpec', 3, 'uid'],
    ['CertificateSigningRequestSpec', 4, 'groups'],
    ['CertificateSigningRequestSpec', 5, 'usages'],
    ['CertificateSigningRequestSpec', 6, 'extra'],
    ['CertificateSigningRequestSpec', 7, 'signerName'],
    ['CertificateSigningRequestSpec', 8, 'expirationSeconds'],
    ['CertificateSigningRequestStatus', 1, 'conditions'],
    ['CertificateSigningRequestStatus', 2, 'certificate'],
    ['CertificateSigningRequestCondition', 1, 'type'],
    ['CertificateSigningRequestCondition', 2, 'reason'],
    ['CertificateSigningRequestCondition', 3, 'message'],
    ['CertificateSigningRequestCondition', 4, 'lastUpdateTime'],
    ['CertificateSigningRequestCondition', 5, 'lastTransitionTime'],
    ['CertificateSigningRequestCondition', 6, 'status'],
  ])('%s field %i is %s, as in generated.proto', (name, number, json) => {
    expect(MESSAGES[name]?.[number]?.json).toBe(json);
  });
});
