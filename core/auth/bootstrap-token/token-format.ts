/**
 * Bootstrap tokens as k8s.io/cluster-bootstrap defines them: `<id>.<secret>`,
 * a public 6-character id that names the Secret and a 16-character secret,
 * both from [a-z0-9]. The Secret's keys and type are Kubernetes' own so that
 * `kubeadm token list` style tooling reads ours unchanged.
 */
import { randomBytes } from 'node:crypto';

export const BOOTSTRAP_TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = 'bootstrap-token-';
/** bootstrap token Secrets only count in this namespace */
export const BOOTSTRAP_TOKEN_NAMESPACE = 'kube-system';

/** The data keys of a bootstrap token Secret (bootstrapapi.BootstrapToken*Key). */
export const BootstrapTokenKeys = {
  id: 'token-id',
  secret: 'token-secret',
  expiration: 'expiration',
  description: 'description',
  usageAuthentication: 'usage-bootstrap-authentication',
  usageSigning: 'usage-bootstrap-signing',
  extraGroups: 'auth-extra-groups',
} as const;

const TOKEN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const TOKEN_ID = /^[a-z0-9]{6}$/;
/** BootstrapGroupPattern: extra groups stay below system:bootstrappers, so a token can never name system:masters */
const EXTRA_GROUP = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export interface BootstrapToken {
  id: string;
  secret: string;
}

/** Whether `value` has the form of a bootstrap token (`abcdef.0123456789abcdef`). */
export function isBootstrapToken(value: string): boolean {
  return TOKEN.test(value);
}

export function parseBootstrapToken(value: string): BootstrapToken | undefined {
  const match = TOKEN.exec(value);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { id: match[1], secret: match[2] };
}

export function isBootstrapTokenId(value: string): boolean {
  return TOKEN_ID.test(value);
}

export function formatBootstrapToken(token: BootstrapToken): string {
  return `${token.id}.${token.secret}`;
}

/** `bootstrap-token-<id>`, the Secret a token is looked up by. */
export function bootstrapTokenSecretName(id: string): string {
  return `${BOOTSTRAP_TOKEN_SECRET_PREFIX}${id}`;
}

/** ValidateBootstrapGroupName's message, or undefined when the group is acceptable. */
export function bootstrapGroupProblem(group: string): string | undefined {
  return EXTRA_GROUP.test(group) ? undefined : `bootstrap group "${group}" is invalid (must match ${EXTRA_GROUP.source})`;
}

/** A new random token, as kubeadm makes them: uniform over the alphabet (no modulo bias). */
export function generateBootstrapToken(): BootstrapToken {
  return { id: randomChars(6), secret: randomChars(16) };
}

function randomChars(count: number): string {
  // 252 is the largest multiple of 36 below 256: bytes above it are thrown away, not folded.
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < count) {
    for (const byte of randomBytes(count * 2)) {
      if (byte >= limit) continue;
      out += ALPHABET[byte % ALPHABET.length] ?? '';
      if (out.length === count) break;
    }
  }
  return out;
}
