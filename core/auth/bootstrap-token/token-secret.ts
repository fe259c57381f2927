/**
 * The kube-system Secret behind a bootstrap token (bootstrap-token-<id>),
 * written and read as k8s.io/cluster-bootstrap's secret helpers do.
 */
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import { SYSTEM_BOOTSTRAPPERS } from '../user-info.ts';
import {
  BOOTSTRAP_TOKEN_NAMESPACE,
  BOOTSTRAP_TOKEN_SECRET_TYPE,
  BootstrapTokenKeys,
  bootstrapGroupProblem,
  bootstrapTokenSecretName,
  type BootstrapToken,
} from './token-format.ts';

export interface BootstrapTokenSecretOptions {
  expiresAt: Date;
  description?: string;
  /** more groups than system:bootstrappers; each must be `system:bootstrappers:...` */
  extraGroups?: readonly string[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The Secret a token is stored as; throws on an extra group the authenticator would refuse. */
export function bootstrapTokenSecret(token: BootstrapToken, options: BootstrapTokenSecretOptions): KubeObject {
  const extraGroups = options.extraGroups ?? [];
  for (const group of extraGroups) {
    const problem = bootstrapGroupProblem(group);
    if (problem !== undefined) throw new Error(problem);
  }
  const data: Record<string, string> = {
    [BootstrapTokenKeys.id]: token.id,
    [BootstrapTokenKeys.secret]: token.secret,
    // Whole seconds, as Go's time.RFC3339 writes them.
    [BootstrapTokenKeys.expiration]: options.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    [BootstrapTokenKeys.usageAuthentication]: 'true',
  };
  if (options.description !== undefined && options.description !== '') data[BootstrapTokenKeys.description] = options.description;
  if (extraGroups.length > 0) data[BootstrapTokenKeys.extraGroups] = extraGroups.join(',');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: bootstrapTokenSecretName(token.id), namespace: BOOTSTRAP_TOKEN_NAMESPACE },
    type: BOOTSTRAP_TOKEN_SECRET_TYPE,
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')])),
  };
}

export function isBootstrapTokenSecret(secret: KubeObject): boolean {
  return secret.metadata.namespace === BOOTSTRAP_TOKEN_NAMESPACE && secret['type'] === BOOTSTRAP_TOKEN_SECRET_TYPE;
}

/** A data value decoded, '' when absent (bootstrapsecretutil.GetData). */
export function secretData(secret: KubeObject, key: string): string {
  const data = secret['data'];
  const value = isRecord(data) ? data[key] : undefined;
  return typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : '';
}

/**
 * Milliseconds until the token expires: undefined when it never does (no
 * expiration key), 0 when it has, or when the time cannot be read (treated
 * as expired, as Kubernetes does).
 */
export function bootstrapTokenTimeRemaining(secret: KubeObject, now: Date): number | undefined {
  const expiration = secretData(secret, BootstrapTokenKeys.expiration);
  if (expiration === '') return undefined;
  const at = RFC3339.test(expiration) ? Date.parse(expiration) : Number.NaN;
  if (Number.isNaN(at)) return 0;
  return Math.max(0, at - now.getTime());
}

export function isBootstrapTokenExpired(secret: KubeObject, now: Date): boolean {
  return bootstrapTokenTimeRemaining(secret, now) === 0;
}

/** system:bootstrappers plus the auth-extra-groups, sorted and unique (GetGroups), or why they are invalid. */
export function bootstrapTokenGroups(secret: KubeObject): { groups: string[] } | { problem: string } {
  const groups = new Set([SYSTEM_BOOTSTRAPPERS]);
  const extra = secretData(secret, BootstrapTokenKeys.extraGroups);
  if (extra !== '') {
    for (const group of extra.split(',')) {
      const problem = bootstrapGroupProblem(group);
      if (problem !== undefined) return { problem };
      groups.add(group);
    }
  }
  return { groups: [...groups].sort() };
}
