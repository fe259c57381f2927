import { list, resourceList, str, struct } from '../support/json-shape.ts';
import { condition, requirement, taint } from '../nodepool/schema.ts';

/** The JSON shape of a kubernel.dev/v1alpha1 NodeClaim, as far as validation reads it. */
export const nodeClaimShape = struct({
  spec: struct({
    requirements: list(requirement).optional(),
    resources: struct({ requests: resourceList.optional() }).optional(),
    taints: list(taint).optional(),
    terminationGracePeriod: str.optional(),
  }).optional(),
  status: struct({
    providerID: str.optional(),
    nodeName: str.optional(),
    capacity: resourceList.optional(),
    allocatable: resourceList.optional(),
    conditions: list(condition).optional(),
  }).optional(),
});
