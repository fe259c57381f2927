import { beforeAll, describe, expect, it } from 'vitest';
import { csrObject, makeRequestPem, makeTestCa } from '../../../auth/pki/test-fixtures.ts';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultCertificateSigningRequest, prepareCertificateSigningRequestForCreate, prepareCertificateSigningRequestForUpdate } from './defaults.ts';
import { validateCertificateSigningRequest, validateCertificateSigningRequestUpdate } from './validation.ts';

let requestPem: string;
let caPem: string;

beforeAll(async () => {
  requestPem = await makeRequestPem({ name: 'CN=system:node:n1, O=system:nodes' });
  caPem = (await makeTestCa()).caCertPem;
});

function csr(change: (spec: Record<string, unknown>, obj: KubeObject) => void = () => undefined): KubeObject {
  const obj = csrObject({ requestPem });
  change(obj['spec'] as Record<string, unknown>, obj);
  return obj;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('validateCertificateSigningRequest', () => {
  it('accepts a kubelet client request', () => {
    expect(validateCertificateSigningRequest(csr())).toEqual([]);
  });

  it.each<[string, (spec: Record<string, unknown>, obj: KubeObject) => void, Array<[string, string]>]>([
    ['no request', (s) => delete s['request'], [['FieldValueInvalid', 'spec.request']]],
    ['a request that is no CSR', (s) => (s['request'] = b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')), [['FieldValueInvalid', 'spec.request']]],
    ['a request that is not base64', (s) => (s['request'] = 'not base64!'), [['FieldValueInvalid', 'spec.request']]],
    ['no usages', (s) => (s['usages'] = []), [['FieldValueRequired', 'spec.usages']]],
    ['an unknown usage', (s) => (s['usages'] = ['client auth', 'flying']), [['FieldValueNotSupported', 'spec.usages[1]']]],
    ['a repeated usage', (s) => (s['usages'] = ['client auth', 'client auth']), [['FieldValueDuplicate', 'spec.usages[1]']]],
    ['no signer', (s) => delete s['signerName'], [['FieldValueRequired', 'spec.signerName']]],
    ['a signer without a path', (s) => (s['signerName'] = 'example.com'), [['FieldValueInvalid', 'spec.signerName']]],
    ['a signer of one label', (s) => (s['signerName'] = 'example/signer'), [['FieldValueInvalid', 'spec.signerName']]],
    ['the legacy signer', (s) => (s['signerName'] = 'kubernetes.io/legacy-unknown'), [['FieldValueInvalid', 'spec.signerName']]],
    ['a duration under 10 minutes', (s) => (s['expirationSeconds'] = 599), [['FieldValueInvalid', 'spec.expirationSeconds']]],
    ['a request as a number', (s) => (s['request'] = 5), [['FieldValueTypeInvalid', 'spec.request']]],
    ['no name', (_s, o) => delete o.metadata.name, [['FieldValueRequired', 'metadata.name']]],
    ['a name with a slash', (_s, o) => (o.metadata.name = 'a/b'), [['FieldValueInvalid', 'metadata.name']]],
    ['a namespace', (_s, o) => (o.metadata.namespace = 'default'), [['FieldValueForbidden', 'metadata.namespace']]],
  ])('refuses %s', (_name, change, errors) => {
    expect(summary(validateCertificateSigningRequest(csr(change)))).toEqual(errors);
  });

  it('says what is wrong with the request as Kubernetes does', () => {
    const [error] = validateCertificateSigningRequest(csr((s) => (s['request'] = b64('hello'))));
    expect(error?.message).toBe(`Invalid value: "${b64('hello')}": PEM block type must be CERTIFICATE REQUEST`);
    const [usage] = validateCertificateSigningRequest(csr((s) => (s['usages'] = ['flying'])));
    expect(usage?.message).toMatch(/^Unsupported value: "flying": supported values: "any", "cert sign", "client auth",/);
    const [duration] = validateCertificateSigningRequest(csr((s) => (s['expirationSeconds'] = 60)));
    expect(duration?.message).toBe('Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)');
  });

  it.each<[string, Record<string, unknown>[], Array<[string, string]>]>([
    ['approved', [{ type: 'Approved', status: 'True' }], []],
    ['a custom condition that is False', [{ type: 'example.com/Checked', status: 'False' }], []],
    ['approved and denied', [{ type: 'Approved', status: 'True' }, { type: 'Denied', status: 'True' }], [['FieldValueInvalid', 'status.conditions[1].type']]],
    ['approved twice', [{ type: 'Approved', status: 'True' }, { type: 'Approved', status: 'True' }], [['FieldValueDuplicate', 'status.conditions[1].type']]],
    ['approved but False', [{ type: 'Approved', status: 'False' }], [['FieldValueNotSupported', 'status.conditions[0].status']]],
    ['a condition without type', [{ status: 'True' }], [['FieldValueRequired', 'status.conditions[0].type']]],
    ['a status that is no status', [{ type: 'X', status: 'Maybe' }], [['FieldValueNotSupported', 'status.conditions[0].status']]],
  ])('conditions: %s', (_name, conditions, errors) => {
    expect(summary(validateCertificateSigningRequest(csr((_s, o) => (o['status'] = { conditions }))))).toEqual(errors);
  });

  it('checks the certificate is CERTIFICATE PEM', () => {
    expect(validateCertificateSigningRequest(csr((_s, o) => (o['status'] = { certificate: b64(caPem) })))).toEqual([]);
    const [error] = validateCertificateSigningRequest(csr((_s, o) => (o['status'] = { certificate: b64(requestPem) })));
    expect(error).toMatchObject({ field: 'status.certificate', message: 'Invalid value: "<certificate data>": only CERTIFICATE PEM blocks are allowed, found "CERTIFICATE REQUEST"' });
    const [empty] = validateCertificateSigningRequest(csr((_s, o) => (o['status'] = { certificate: b64('nothing') })));
    expect(empty?.message).toContain('must contain at least one CERTIFICATE PEM block');
  });
});

describe('validateCertificateSigningRequestUpdate', () => {
  const approved = { type: 'Approved', status: 'True', reason: 'AutoApproved' };

  function withStatus(status: Record<string, unknown>): KubeObject {
    return csr((_s, o) => (o['status'] = status));
  }

  it('lets a signer issue the certificate of an approved request', () => {
    expect(validateCertificateSigningRequestUpdate(withStatus({ conditions: [approved], certificate: b64(caPem) }), withStatus({ conditions: [approved] }))).toEqual([]);
  });

  it('lets an approver add the Approved condition', () => {
    expect(validateCertificateSigningRequestUpdate(withStatus({ conditions: [approved] }), withStatus({}))).toEqual([]);
  });

  it('forbids removing an approval', () => {
    const errors = validateCertificateSigningRequestUpdate(withStatus({}), withStatus({ conditions: [approved] }));
    expect(errors.map((e) => `${e.field}: ${e.message}`)).toEqual(['status.conditions: Forbidden: updates may not remove a condition of type "Approved"']);
  });

  it('forbids replacing an issued certificate', () => {
    const errors = validateCertificateSigningRequestUpdate(withStatus({ certificate: b64(`${caPem}${caPem}`) }), withStatus({ certificate: b64(caPem) }));
    expect(errors.map((e) => `${e.field}: ${e.message}`)).toEqual(['status.certificate: Forbidden: updates may not modify existing certificate content']);
  });
});

describe('CSR strategy', () => {
  it('defaults a condition without status to True', () => {
    const obj = csr((_s, o) => (o['status'] = { conditions: [{ type: 'Approved' }, { type: 'X', status: 'False' }] }));
    defaultCertificateSigningRequest(obj);
    expect(obj['status']).toEqual({ conditions: [{ type: 'Approved', status: 'True' }, { type: 'X', status: 'False' }] });
  });

  it('creates requests without status and keeps the spec on updates', () => {
    const created = csr((_s, o) => (o['status'] = { conditions: [{ type: 'Approved', status: 'True' }] }));
    prepareCertificateSigningRequestForCreate(created);
    expect(created['status']).toEqual({});
    const updated = csr((s) => (s['usages'] = ['server auth']));
    prepareCertificateSigningRequestForUpdate(updated, csr());
    expect((updated['spec'] as Record<string, unknown>)['usages']).toEqual(['digital signature', 'client auth']);
  });
});
