/**
 * kube-apiserver's union authenticator, in its order: the client certificate
 * first, then the bearer token (the static admin tokens, then bootstrap
 * tokens). The first that knows the request names its user.
 */
import { timingSafeEqual } from 'node:crypto';
import type { BootstrapTokenAuthenticator } from './bootstrap-token-authenticator.ts';
import { clientCertificateUser } from './client-certificate-authenticator.ts';
import { ADMIN_USER, authenticatedUser, SYSTEM_MASTERS, type UserInfo } from './user-info.ts';

export interface RequestCredentials {
  /** the Authorization header */
  authorization: string | undefined;
  /** the connection: a TLS socket carries the client certificate */
  socket: unknown;
}

export interface RequestAuthenticatorOptions {
  /** static tokens (the admin token), read per request so they can rotate: kubernel-admin in system:masters */
  tokens: () => readonly string[];
  bootstrap?: BootstrapTokenAuthenticator;
}

/** Answers at once for a certificate or a static token; only a bootstrap token needs a lookup. */
export type RequestAuthenticator = (credentials: RequestCredentials) => UserInfo | undefined | Promise<UserInfo | undefined>;

export function createRequestAuthenticator(options: RequestAuthenticatorOptions): RequestAuthenticator {
  // One user for every admin request; frozen, since every request shares it.
  const admin = authenticatedUser(ADMIN_USER, [SYSTEM_MASTERS]);
  Object.freeze(admin.groups);
  Object.freeze(admin);
  return ({ authorization, socket }) => {
    const fromCertificate = clientCertificateUser(socket);
    if (fromCertificate !== undefined) return fromCertificate;
    const token = bearerToken(authorization);
    if (token === undefined) return undefined;
    if (matchesAnyToken(token, options.tokens())) return admin;
    return options.bootstrap?.authenticate(token);
  };
}

/** The token of `Authorization: Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

/** Compared in constant time, so response timing does not reveal how much of a guess was right. */
export function matchesAnyToken(given: string, tokens: readonly string[]): boolean {
  const buffer = Buffer.from(given);
  return tokens.some((t) => {
    const expected = Buffer.from(t);
    return buffer.length === expected.length && timingSafeEqual(buffer, expected);
  });
}
