import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientCertificateUser, userFromCertificate, type PeerCertificateView } from './client-certificate-authenticator.ts';

describe('userFromCertificate', () => {
  it.each<[string, PeerCertificateView, unknown]>([
    [
      'a node',
      { subject: { CN: 'system:node:n1', O: 'system:nodes' }, ext_key_usage: ['1.3.6.1.5.5.7.3.2'] },
      { name: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] },
    ],
    ['several organizations', { subject: { CN: 'alice', O: ['dev', 'ops'] } }, { name: 'alice', groups: ['dev', 'ops', 'system:authenticated'] }],
    ['no organization', { subject: { CN: 'bob' } }, { name: 'bob', groups: ['system:authenticated'] }],
    ['any extended key usage', { subject: { CN: 'carol' }, ext_key_usage: ['2.5.29.37.0'] }, { name: 'carol', groups: ['system:authenticated'] }],
    ['no common name', { subject: { O: 'system:nodes' } }, undefined],
    ['a server-only certificate', { subject: { CN: 'kube-apiserver' }, ext_key_usage: ['1.3.6.1.5.5.7.3.1'] }, undefined],
    ['no subject at all', {}, undefined],
  ])('%s', (_name, cert, user) => {
    expect(userFromCertificate(cert)).toEqual(user);
  });

  it('finds no user on a connection without TLS', () => {
    expect(clientCertificateUser(new Socket())).toBeUndefined();
    expect(clientCertificateUser(undefined)).toBeUndefined();
  });
});
