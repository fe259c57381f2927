import { Socket } from 'node:net';
import { TLSSocket, type PeerCertificate } from 'node:tls';
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

  it('decodes the certificate of a verified connection once, however many requests it carries', () => {
    const socket = new TLSSocket(new Socket());
    socket.authorized = true;
    let decoded = 0;
    stubCertificate(socket, { subject: { CN: 'system:node:n1', O: 'system:nodes' } }, () => decoded++);
    const first = clientCertificateUser(socket);
    expect(first).toEqual({ name: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] });
    expect(clientCertificateUser(socket)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(decoded).toBe(1);
    socket.destroy();
  });

  it('remembers a verified certificate that names no one as no one', () => {
    const socket = new TLSSocket(new Socket());
    socket.authorized = true;
    let decoded = 0;
    stubCertificate(socket, { subject: { O: 'system:nodes' } }, () => decoded++);
    expect(clientCertificateUser(socket)).toBeUndefined();
    expect(clientCertificateUser(socket)).toBeUndefined();
    expect(decoded).toBe(1);
    socket.destroy();
  });
});

/** What the handshake left on a connection: its peer's certificate, counting how often it is decoded. */
function stubCertificate(socket: TLSSocket, cert: PeerCertificateView, onDecode: () => void): void {
  const decode = (): PeerCertificate => {
    onDecode();
    return cert as unknown as PeerCertificate;
  };
  socket.getPeerCertificate = decode as TLSSocket['getPeerCertificate'];
}
