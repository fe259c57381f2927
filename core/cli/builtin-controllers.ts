import type { Logger } from 'pino';
import type { ResourceRegistry } from '../api/registry.ts';
import type { ApiClient } from '../client/api-client.ts';
import { ControllerManager } from '../controllers/framework/manager.ts';
import { setupGarbageCollector } from '../controllers/garbage-collector/garbage-collector.ts';
import { setupNamespaceController } from '../controllers/namespace/namespace-controller.ts';
import { setupScheduler } from '../controllers/scheduler/index.ts';
import { setupReplicaSetController } from '../controllers/replicaset/replicaset-controller.ts';
import { setupDeploymentController } from '../controllers/deployment/deployment-controller.ts';
import { setupNodeLifecycleController } from '../controllers/node-lifecycle/node-lifecycle-controller.ts';
import type { NodeLifecycleOptions } from '../controllers/node-lifecycle/options.ts';
import { setupTaintEvictionController } from '../controllers/node-lifecycle/taint-eviction-controller.ts';
import { setupEndpointSliceController } from '../controllers/endpointslice/endpointslice-controller.ts';
import { setupEndpointsController } from '../controllers/endpoints/endpoints-controller.ts';
import { setupDisruptionController } from '../controllers/disruption-budget/disruption-controller.ts';
import type { SchedulingPluginContribution } from '../contracts/scheduling.ts';
import type { CertificateSigner } from '../auth/pki/ca-signer.ts';
import { addNodeBootstrapControllers } from '../controllers/certificates/node-bootstrap-controllers.ts';

export interface BuiltinControllersInput {
  client: ApiClient;
  registry: ResourceRegistry;
  logger: Logger;
  /** scoring and filtering plugins from kubernel.yaml's plugins (scheduling/binpack, ...) */
  schedulingPlugins: SchedulingPluginContribution[];
  /** kubernel.yaml's controllers.nodeLifecycle; Kubernetes' defaults without it */
  nodeLifecycle?: NodeLifecycleOptions;
  /** signs approved node client certificate requests with the cluster CA; none are issued without it */
  csrSigner?: CertificateSigner;
}

/**
 * The kube-controller-manager of the all-in-one control plane: every
 * built-in controller over the in-process client, on a manager the caller
 * starts once it has added its own (the provisioning controllers).
 */
export function builtinControllers(input: BuiltinControllersInput): ControllerManager {
  const manager = new ControllerManager(input.client, input.logger);
  const namespacedKinds = input.registry
    .all()
    .filter((t) => t.namespaced)
    .map(({ group, version, plural, kind, namespaced }) => ({ group, version, plural, kind, namespaced }));
  manager.add((ctx) => setupDeploymentController(ctx));
  manager.add((ctx) => setupReplicaSetController(ctx));
  manager.add((ctx) => setupGarbageCollector(ctx));
  manager.add((ctx) => setupNamespaceController(ctx, { discover: () => namespacedKinds }));
  manager.add((ctx) => setupScheduler(ctx, { plugins: input.schedulingPlugins }));
  manager.add((ctx) => setupNodeLifecycleController(ctx, input.nodeLifecycle));
  manager.add((ctx) => setupTaintEvictionController(ctx));
  manager.add((ctx) => setupEndpointSliceController(ctx));
  manager.add((ctx) => setupEndpointsController(ctx));
  manager.add((ctx) => setupDisruptionController(ctx));
  addNodeBootstrapControllers(manager, input.csrSigner === undefined ? {} : { sign: input.csrSigner });
  return manager;
}
