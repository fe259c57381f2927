/**
 * Bearer tokens of the bootstrap form, checked against their kube-system
 * Secret as kube-apiserver's bootstrap token authenticator does: the secret
 * must match (compared in constant time), the token must not have expired
 * and must be marked for authentication. Secrets are cached briefly so a
 * flood of requests, or of guesses, costs the store one read per token id.
 */
import { timingSafeEqual } from 'node:crypto';
import type { KubeObject } from '../api/types/meta.ts';
import { BOOTSTRAP_TOKEN_NAMESPACE, BOOTSTRAP_TOKEN_SECRET_TYPE, BootstrapTokenKeys, bootstrapTokenSecretName, parseBootstrapToken, type BootstrapToken } from './bootstrap-token/token-format.ts';
import { bootstrapTokenGroups, isBootstrapTokenExpired, secretData } from './bootstrap-token/token-secret.ts';
import { authenticatedUser, BOOTSTRAP_USER_PREFIX, type UserInfo } from './user-info.ts';

/** A Secret by namespace and name, undefined when there is none. */
export type SecretLookup = (namespace: string, name: string) => Promise<KubeObject | undefined>;

export interface BootstrapTokenAuthenticatorOptions {
  lookup: SecretLookup;
  now?: () => Date;
  /** how long a looked-up Secret (or its absence) is trusted; default 2 s */
  cacheMs?: number;
  /** told why a well-formed token was refused (Kubernetes logs it at V(3)) */
  onRejected?: (secretName: string, reason: string) => void;
}

const DEFAULT_CACHE_MS = 2_000;
const MAX_CACHED = 1024;

export type BootstrapDecision = { user: UserInfo } | { rejected: string };

/** The decision for one token against its Secret, in the order Kubernetes checks. */
export function decideBootstrapToken(token: BootstrapToken, secret: KubeObject | undefined, now: Date): BootstrapDecision {
  if (secret === undefined) return { rejected: 'no secret of that name' };
  if (secret.metadata.deletionTimestamp !== undefined) return { rejected: 'is deleted and awaiting removal' };
  if (secret['type'] !== BOOTSTRAP_TOKEN_SECRET_TYPE || secret['data'] === undefined) {
    return { rejected: `has invalid type, expected ${BOOTSTRAP_TOKEN_SECRET_TYPE}.` };
  }
  if (!constantTimeEqual(secretData(secret, BootstrapTokenKeys.secret), token.secret)) {
    return { rejected: `has invalid value for key ${BootstrapTokenKeys.secret}.` };
  }
  if (secretData(secret, BootstrapTokenKeys.id) !== token.id) return { rejected: `has invalid value for key ${BootstrapTokenKeys.id}.` };
  if (isBootstrapTokenExpired(secret, now)) return { rejected: 'has expired.' };
  if (secretData(secret, BootstrapTokenKeys.usageAuthentication) !== 'true') {
    return { rejected: `not marked ${BootstrapTokenKeys.usageAuthentication}=true.` };
  }
  const groups = bootstrapTokenGroups(secret);
  if ('problem' in groups) return { rejected: `has invalid value for key ${BootstrapTokenKeys.extraGroups}: ${groups.problem}.` };
  return { user: authenticatedUser(`${BOOTSTRAP_USER_PREFIX}${token.id}`, groups.groups) };
}

export class BootstrapTokenAuthenticator {
  private readonly cache = new Map<string, { secret: KubeObject | undefined; at: number }>();
  private readonly inFlight = new Map<string, Promise<KubeObject | undefined>>();
  private readonly now: () => Date;
  private readonly cacheMs: number;

  constructor(private readonly options: BootstrapTokenAuthenticatorOptions) {
    this.now = options.now ?? (() => new Date());
    this.cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
  }

  /** The token's user; undefined when it is no bootstrap token or not a valid one (the next authenticator may know it). */
  async authenticate(bearer: string): Promise<UserInfo | undefined> {
    const token = parseBootstrapToken(bearer);
    if (token === undefined) return undefined;
    const name = bootstrapTokenSecretName(token.id);
    const decision = decideBootstrapToken(token, await this.secret(name), this.now());
    if ('user' in decision) return decision.user;
    this.options.onRejected?.(name, decision.rejected);
    return undefined;
  }

  private async secret(name: string): Promise<KubeObject | undefined> {
    const at = this.now().getTime();
    const cached = this.cache.get(name);
    if (cached !== undefined && at - cached.at < this.cacheMs) return cached.secret;
    let pending = this.inFlight.get(name);
    if (pending === undefined) {
      pending = this.options.lookup(BOOTSTRAP_TOKEN_NAMESPACE, name).finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, pending);
    }
    const secret = await pending;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(name, { secret, at });
    return secret;
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
