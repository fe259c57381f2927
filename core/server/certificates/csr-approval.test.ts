import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { withApproval } from './csr-approval.ts';
import { stampRequestor } from './csr-requestor.ts';

const now = new Date('2024-06-01T12:00:00Z');

function csr(status: Record<string, unknown>, resourceVersion = '7'): KubeObject {
  return { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'c', resourceVersion }, spec: { usages: ['client auth'] }, status };
}

describe('withApproval', () => {
  it('takes the conditions of the body and nothing else', () => {
    const current = csr({ certificate: 'Y2VydA==' });
    const body = { ...csr({ conditions: [{ type: 'Approved', status: 'True' }], certificate: 'b3RoZXI=' }, ''), spec: { usages: ['server auth'] } };
    const next = withApproval(current, body, now);
    expect(next['spec']).toEqual({ usages: ['client auth'] });
    expect(next['status']).toEqual({
      certificate: 'Y2VydA==',
      conditions: [{ type: 'Approved', status: 'True', lastUpdateTime: '2024-06-01T12:00:00Z', lastTransitionTime: '2024-06-01T12:00:00Z' }],
    });
    expect(next.metadata.resourceVersion).toBe('7');
  });

  it('keeps the transition time of an unchanged condition and the resourceVersion the client pinned', () => {
    const old = { type: 'Approved', status: 'True', lastUpdateTime: '2024-05-01T00:00:00Z', lastTransitionTime: '2024-05-01T00:00:00Z' };
    const next = withApproval(csr({ conditions: [old] }), csr({ conditions: [{ type: 'Approved', status: 'True' }] }, '5'), now);
    expect(next['status']).toEqual({ conditions: [{ type: 'Approved', status: 'True', lastUpdateTime: '2024-06-01T12:00:00Z', lastTransitionTime: '2024-05-01T00:00:00Z' }] });
    expect(next.metadata.resourceVersion).toBe('5');
  });
});

describe('stampRequestor', () => {
  it('overwrites what the body says about the requestor', () => {
    const body = { spec: { request: 'x', username: 'mallory', uid: 'forged', groups: ['system:masters'], extra: { a: ['b'] } } };
    stampRequestor(body, { name: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] });
    expect(body.spec).toEqual({ request: 'x', username: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] });
  });

  it('leaves a spec that is no object for validation to refuse', () => {
    const body = { spec: 'nope' };
    stampRequestor(body, { name: 'u', groups: [] });
    expect(body).toEqual({ spec: 'nope' });
  });
});
