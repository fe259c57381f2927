import { isApiError } from '../api/errors.ts';
import type { ResourceRegistry } from '../api/registry.ts';
import type { ObjectStore } from '../store/object-store.ts';
import type { SecretLookup } from './bootstrap-token-authenticator.ts';

/** Secrets read from the API server's own store: authentication happens below admission, before any client exists. */
export function storeSecretLookup(registry: ResourceRegistry, store: ObjectStore): SecretLookup {
  return async (namespace, name) => {
    const secrets = registry.byGroupKind('', 'Secret');
    if (secrets === undefined) return undefined;
    try {
      return await store.get(secrets, namespace, name);
    } catch (error) {
      if (isApiError(error, 'NotFound')) return undefined;
      throw error;
    }
  };
}
