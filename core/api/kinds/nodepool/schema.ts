import { anyObject, int, list, quantity, resourceList, str, strList, strMap, struct, timestamp } from '../support/json-shape.ts';

/**
 * The JSON shapes of kubernel.dev/v1alpha1 NodePool (and the parts NodeClaim
 * shares), as far as validation reads them. types.ts is what controllers see
 * once these have passed; the OpenAPI model is core/api/schema/kubernel-kinds.ts.
 */

/** core/v1 NodeSelectorRequirement */
export const requirement = struct({ key: str.optional(), operator: str.optional(), values: strList.optional() });

/** core/v1 Taint without timeAdded, which only the node lifecycle controller sets */
export const taint = struct({ key: str.optional(), value: str.optional(), effect: str.optional() });

/** metav1.Condition */
export const condition = struct({
  type: str.optional(),
  status: str.optional(),
  reason: str.optional(),
  message: str.optional(),
  lastTransitionTime: timestamp.optional(),
  observedGeneration: int.optional(),
});

export const nodePoolShape = struct({
  spec: struct({
    provider: str.optional(),
    options: anyObject.optional(),
    template: struct({
      metadata: struct({ labels: strMap.optional(), annotations: strMap.optional() }).optional(),
      spec: struct({ requirements: list(requirement).optional(), taints: list(taint).optional() }).optional(),
    }).optional(),
    limits: struct({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
    min: int.optional(),
    max: int.optional(),
    weight: int.optional(),
    disruption: struct({
      consolidationPolicy: str.optional(),
      consolidateAfter: str.optional(),
      budgets: list(struct({ nodes: str.optional() })).optional(),
    }).optional(),
  }).optional(),
  status: struct({ resources: resourceList.optional(), conditions: list(condition).optional() }).optional(),
});
