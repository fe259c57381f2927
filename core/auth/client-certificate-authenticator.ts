/**
 * x509 client certificates (kube-apiserver's --client-ca-file): a certificate
 * the TLS handshake verified against the cluster CA names its user by the
 * subject's CN and its groups by the O values, as nodes authenticate
 * (`CN=system:node:<name>, O=system:nodes`).
 */
import { TLSSocket } from 'node:tls';
import { isRecord } from '../api/types/meta.ts';
import { authenticatedUser, type UserInfo } from './user-info.ts';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

/** The parts of Node's PeerCertificate this reads; subject attributes are arrays when repeated. */
export interface PeerCertificateView {
  subject?: Record<string, unknown>;
  ext_key_usage?: string[];
}

/**
 * Users of verified connections, by connection. The certificate was verified
 * once, in the handshake, and cannot change on the connection; decoding it
 * (getPeerCertificate builds the whole subject and extension view) for every
 * request of a kubelet's keep-alive connection did the same work again each
 * time. Null: the certificate names no user. A user is shared by the
 * connection's requests, so it is frozen.
 */
const connectionUsers = new WeakMap<TLSSocket, UserInfo | null>();

/** The user of the connection's client certificate, undefined without a verified one. */
export function clientCertificateUser(socket: unknown): UserInfo | undefined {
  // Unauthorized: no certificate, or one the cluster CA did not sign (or expired): then a bearer token may still do.
  if (!(socket instanceof TLSSocket) || !socket.authorized) return undefined;
  let user = connectionUsers.get(socket);
  if (user === undefined) {
    user = userFromCertificate(socket.getPeerCertificate()) ?? null;
    if (user !== null) {
      Object.freeze(user.groups);
      Object.freeze(user);
    }
    connectionUsers.set(socket, user);
  }
  return user ?? undefined;
}

export function userFromCertificate(cert: PeerCertificateView): UserInfo | undefined {
  const subject = isRecord(cert.subject) ? cert.subject : {};
  const name = values(subject['CN'])[0] ?? '';
  // CommonNameUserConversion: a certificate without a CN names no one.
  if (name === '') return undefined;
  // Go verifies with ExtKeyUsageClientAuth: a certificate without the extension may be used for anything.
  const usages = cert.ext_key_usage;
  if (usages !== undefined && usages.length > 0 && !usages.includes(CLIENT_AUTH) && !usages.includes(ANY_EXTENDED_KEY_USAGE)) return undefined;
  return authenticatedUser(name, values(subject['O']));
}

function values(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
