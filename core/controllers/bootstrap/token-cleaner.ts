/**
 * tokencleaner (kube-controller-manager): deletes bootstrap token Secrets
 * once they have expired, and looks again at a Secret when it is due to.
 * The delete is conditional on the Secret's uid, so a new token that took
 * the name meanwhile is left alone.
 */
import { isApiError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { bootstrapTokenTimeRemaining, isBootstrapTokenSecret } from '../../auth/bootstrap-token/token-secret.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { Controller } from '../framework/controller.ts';
import type { IndexedCache } from '../framework/indexed-cache.ts';
import type { ControllerContext } from '../framework/manager.ts';
import { DONE, objectKeyOf, type Reconciler, type Result } from '../framework/result.ts';

const MAX_REQUEUE_MS = 3_600_000;

export class TokenCleanerReconciler implements Reconciler {
  readonly name = 'tokencleaner';

  constructor(
    private readonly client: ApiClient,
    private readonly secrets: IndexedCache,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async reconcile(key: string): Promise<Result> {
    const secret = this.secrets.get(key);
    if (secret === undefined || !isBootstrapTokenSecret(secret) || secret.metadata.deletionTimestamp !== undefined) return DONE;
    const remaining = bootstrapTokenTimeRemaining(secret, this.now());
    if (remaining === undefined) return DONE;
    // Timers cannot wait beyond ~24.8 days; a long-lived token is simply looked at again hourly.
    if (remaining > 0) return { requeueAfterMs: Math.min(remaining, MAX_REQUEUE_MS) };
    try {
      await this.client.delete(Resources.secrets, secret.metadata.namespace, secret.metadata.name ?? '', {
        ...(secret.metadata.uid === undefined ? {} : { preconditions: { uid: secret.metadata.uid } }),
      });
    } catch (error) {
      // Gone already, or replaced by another Secret of the same name: nothing of ours to delete.
      if (!isApiError(error, 'NotFound') && !isApiError(error, 'Conflict')) throw error;
    }
    return DONE;
  }
}

export function setupTokenCleaner(ctx: ControllerContext, options: { now?: () => Date } = {}): Controller {
  const informer = ctx.informers.forResource(Resources.secrets);
  const logger = ctx.logger.child({ controller: 'tokencleaner' });
  const controller = new Controller(new TokenCleanerReconciler(ctx.client, informer.cache, options.now), { logger });
  const enqueue = (secret: KubeObject): void => {
    if (isBootstrapTokenSecret(secret)) controller.enqueue(objectKeyOf(secret.metadata));
  };
  informer.addHandlers({ onAdd: enqueue, onUpdate: (_old, secret) => enqueue(secret) });
  return controller;
}
