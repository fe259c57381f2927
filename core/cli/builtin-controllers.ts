import type { Logger } from 'pino';
import type { ResourceRegistry } from '../api/registry.ts';
import type { ApiClient } from '../client/api-client.ts';
import { ControllerManager } from '../controllers/framework/manager.ts';
import { setupGarbageCollector } from '../controllers/garbage-collector/garbage-collector.ts';
import { setupNamespaceController } from '../controllers/namespace/namespace-controller.ts';

export interface BuiltinControllersInput {
  client: ApiClient;
  registry: ResourceRegistry;
  logger: Logger;
}

/** The kube-controller-manager of the all-in-one control plane: every built-in controller over the in-process client. */
export function startBuiltinControllers(input: BuiltinControllersInput): ControllerManager {
  const manager = new ControllerManager(input.client, input.logger);
  const namespacedKinds = input.registry
    .all()
    .filter((t) => t.namespaced)
    .map(({ group, version, plural, kind, namespaced }) => ({ group, version, plural, kind, namespaced }));
  manager.add((ctx) => setupGarbageCollector(ctx));
  manager.add((ctx) => setupNamespaceController(ctx, { discover: () => namespacedKinds }));
  manager.start();
  return manager;
}
