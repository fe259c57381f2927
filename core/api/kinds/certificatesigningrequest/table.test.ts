import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { certificateSigningRequestTable } from './table.ts';

const now = new Date('2024-06-01T12:00:00Z');

function csr(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'node-csr-x', creationTimestamp: '2024-06-01T11:58:30Z' }, spec, status };
}

const approved = { type: 'Approved', status: 'True' };
const kubelet = { signerName: 'kubernetes.io/kube-apiserver-client-kubelet', username: 'system:bootstrap:abcdef' };

describe('certificateSigningRequestTable', () => {
  it('has the columns of kubectl get csr', () => {
    expect(certificateSigningRequestTable.columns.map((c) => c.name)).toEqual(['Name', 'Age', 'SignerName', 'Requestor', 'RequestedDuration', 'Condition']);
  });

  it.each<[string, KubeObject, unknown[]]>([
    ['pending', csr(kubelet), ['node-csr-x', '90s', 'kubernetes.io/kube-apiserver-client-kubelet', 'system:bootstrap:abcdef', '<none>', 'Pending']],
    ['approved and issued', csr(kubelet, { conditions: [approved], certificate: 'Y2VydA==' }), ['node-csr-x', '90s', 'kubernetes.io/kube-apiserver-client-kubelet', 'system:bootstrap:abcdef', '<none>', 'Approved,Issued']],
    ['denied', csr(kubelet, { conditions: [{ type: 'Denied', status: 'True' }] }), ['node-csr-x', '90s', 'kubernetes.io/kube-apiserver-client-kubelet', 'system:bootstrap:abcdef', '<none>', 'Denied']],
    ['approved then failed', csr(kubelet, { conditions: [approved, { type: 'Failed', status: 'True' }] }), ['node-csr-x', '90s', 'kubernetes.io/kube-apiserver-client-kubelet', 'system:bootstrap:abcdef', '<none>', 'Approved,Failed']],
    ['with a duration and no signer', csr({ username: 'alice', expirationSeconds: 86400 }), ['node-csr-x', '90s', '<none>', 'alice', '24h', 'Pending']],
  ])('%s', (_name, obj, cells) => {
    expect(certificateSigningRequestTable.cells(obj, now)).toEqual(cells);
  });
});
