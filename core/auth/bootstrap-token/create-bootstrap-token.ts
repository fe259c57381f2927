import { isApiError } from '../../api/errors.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { bootstrapTokenSecret } from './token-secret.ts';
import { formatBootstrapToken, generateBootstrapToken } from './token-format.ts';

export interface CreateBootstrapTokenOptions {
  /** how long the token authenticates; the token cleaner deletes its Secret after that */
  ttlMs: number;
  description: string;
  /** `system:bootstrappers:...` groups the token's user is in besides system:bootstrappers */
  extraGroups?: readonly string[];
  now?: () => Date;
}

export interface CreatedBootstrapToken {
  /** `abcdef.0123456789abcdef`: what a node joins with (`kubernel agent --token`) */
  token: string;
  /** kube-system/<secretName> holds it */
  secretName: string;
  expiresAt: Date;
}

/** Token ids are random: a clash with an existing Secret is rare and simply retried with another. */
const ATTEMPTS = 3;

/** Creates a bootstrap token Secret in kube-system, as `kubeadm token create` does. */
export async function createBootstrapToken(client: ApiClient, options: CreateBootstrapTokenOptions): Promise<CreatedBootstrapToken> {
  if (!Number.isFinite(options.ttlMs) || options.ttlMs <= 0) throw new Error(`a bootstrap token needs a positive ttlMs, got ${options.ttlMs}`);
  // Expirations are whole seconds; round down so the token never outlives what was asked.
  const expiresAt = new Date(Math.floor(((options.now?.() ?? new Date()).getTime() + options.ttlMs) / 1000) * 1000);
  for (let attempt = 1; ; attempt++) {
    const token = generateBootstrapToken();
    const secret = bootstrapTokenSecret(token, {
      expiresAt,
      description: options.description,
      ...(options.extraGroups === undefined ? {} : { extraGroups: options.extraGroups }),
    });
    try {
      await client.create(Resources.secrets, secret);
      return { token: formatBootstrapToken(token), secretName: secret.metadata.name ?? '', expiresAt };
    } catch (error) {
      if (!isApiError(error, 'AlreadyExists') || attempt >= ATTEMPTS) throw error;
    }
  }
}
