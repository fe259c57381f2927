import { beforeAll, describe, expect, it } from 'vitest';
import { APPROVED, csrObject, makeRequestPem, type CsrObjectOptions } from '../../auth/pki/test-fixtures.ts';
import { RecordingClient } from '../../auth/recording-client.ts';
import { IndexedCache } from '../framework/indexed-cache.ts';
import { autoApproval, CsrApprovingReconciler, NODE_CLIENT_APPROVAL_MESSAGE, SELF_NODE_CLIENT_APPROVAL_MESSAGE } from './csr-approver.ts';

const now = new Date('2024-06-01T12:00:00Z');
const requests: Record<string, string> = {};

beforeAll(async () => {
  const subjects = {
    node: { name: 'CN=system:node:n1, O=system:nodes' },
    otherOrg: { name: 'CN=system:node:n1, O=system:masters' },
    twoOrgs: { name: 'CN=system:node:n1, O=system:nodes, O=system:masters' },
    notANode: { name: 'CN=admin, O=system:nodes' },
    withDns: { name: 'CN=system:node:n1, O=system:nodes', dnsNames: ['n1'] },
    withIp: { name: 'CN=system:node:n1, O=system:nodes', ipAddresses: ['10.0.0.1'] },
  };
  for (const [key, subject] of Object.entries(subjects)) requests[key] = await makeRequestPem(subject);
});

function csr(request: string, options: Omit<CsrObjectOptions, 'requestPem'> = {}): ReturnType<typeof csrObject> {
  return csrObject({ requestPem: requests[request] ?? '', ...options });
}

describe('autoApproval', () => {
  it('approves a kubelet client request from a bootstrap token', () => {
    expect(autoApproval(csr('node'), now)).toEqual({
      type: 'Approved',
      status: 'True',
      reason: 'AutoApproved',
      message: NODE_CLIENT_APPROVAL_MESSAGE,
      lastUpdateTime: '2024-06-01T12:00:00Z',
      lastTransitionTime: '2024-06-01T12:00:00Z',
    });
    expect(NODE_CLIENT_APPROVAL_MESSAGE).toBe('Auto approving kubelet client certificate after SubjectAccessReview.');
  });

  it('approves an RSA-style request with key encipherment too', () => {
    expect(autoApproval(csr('node', { usages: ['key encipherment', 'digital signature', 'client auth'] }), now)?.['type']).toBe('Approved');
  });

  it('approves a node renewing its own certificate', () => {
    const renewal = csr('node', { username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] });
    expect(autoApproval(renewal, now)?.['message']).toBe(SELF_NODE_CLIENT_APPROVAL_MESSAGE);
  });

  it.each<[string, string, Omit<CsrObjectOptions, 'requestPem'>]>([
    ['another organization', 'otherOrg', {}],
    ['two organizations', 'twoOrgs', {}],
    ['a common name that is no node', 'notANode', {}],
    ['DNS names', 'withDns', {}],
    ['IP addresses', 'withIp', {}],
    ['another signer', 'node', { signerName: 'kubernetes.io/kube-apiserver-client' }],
    ['server usages', 'node', { usages: ['digital signature', 'server auth'] }],
    ['a requestor that is no bootstrapper', 'node', { username: 'alice', groups: ['dev', 'system:authenticated'] }],
    ['a node asking for another node', 'node', { username: 'system:node:n2', groups: ['system:nodes', 'system:authenticated'] }],
    ['an approved request', 'node', { conditions: [APPROVED] }],
    ['a denied request', 'node', { conditions: [{ type: 'Denied', status: 'True' }] }],
    ['an issued request', 'node', { certificatePem: 'x' }],
  ])('leaves alone %s', (_name, request, options) => {
    expect(autoApproval(csr(request, options), now)).toBeUndefined();
  });
});

describe('CsrApprovingReconciler', () => {
  it('writes the approval through the status subresource, keeping what was there', async () => {
    const client = new RecordingClient();
    const cache = new IndexedCache();
    cache.upsert(csr('node', { conditions: [{ type: 'example.com/Checked', status: 'True' }] }));
    await new CsrApprovingReconciler(client, cache, () => now).reconcile('node-csr-test');
    expect(client.updates).toHaveLength(1);
    expect(client.updates[0]?.options).toEqual({ subresource: 'status' });
    expect(client.updates[0]?.object['status']).toMatchObject({ conditions: [{ type: 'example.com/Checked' }, { type: 'Approved', reason: 'AutoApproved' }] });
  });

  it('does nothing for a request it does not approve, or one that is gone', async () => {
    const client = new RecordingClient();
    const cache = new IndexedCache();
    cache.upsert(csr('withDns'));
    const reconciler = new CsrApprovingReconciler(client, cache, () => now);
    await reconciler.reconcile('node-csr-test');
    await reconciler.reconcile('missing');
    expect(client.updates).toEqual([]);
  });
});
