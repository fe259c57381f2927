import type { z } from 'zod';
import { int, labelSelector, list, nodeSelectorTerm, str, strList, struct } from '../support/json-shape.ts';

/** The JSON shape of the scheduling parts of core/v1 PodSpec. */

export const toleration = struct({
  key: str.optional(),
  operator: str.optional(),
  value: str.optional(),
  effect: str.optional(),
  tolerationSeconds: int.optional(),
});

const podAffinityTerm = struct({
  labelSelector: labelSelector.optional(),
  namespaceSelector: labelSelector.optional(),
  namespaces: strList.optional(),
  topologyKey: str.optional(),
  matchLabelKeys: strList.optional(),
  mismatchLabelKeys: strList.optional(),
});

const weightedPodAffinityTerm = struct({ weight: int.optional(), podAffinityTerm: podAffinityTerm.optional() });

const podAffinity = struct({
  requiredDuringSchedulingIgnoredDuringExecution: list(podAffinityTerm).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: list(weightedPodAffinityTerm).optional(),
});

export const affinity = struct({
  nodeAffinity: struct({
    requiredDuringSchedulingIgnoredDuringExecution: struct({ nodeSelectorTerms: list(nodeSelectorTerm).optional() })
      .optional(),
    preferredDuringSchedulingIgnoredDuringExecution: list(struct({ weight: int.optional(), preference: nodeSelectorTerm.optional() }))
      .optional(),
  }).optional(),
  podAffinity: podAffinity.optional(),
  podAntiAffinity: podAffinity.optional(),
});

export const topologySpreadConstraint = struct({
  maxSkew: int.optional(),
  topologyKey: str.optional(),
  whenUnsatisfiable: str.optional(),
  labelSelector: labelSelector.optional(),
  minDomains: int.optional(),
  nodeAffinityPolicy: str.optional(),
  nodeTaintsPolicy: str.optional(),
  matchLabelKeys: strList.optional(),
});

export type Toleration = z.infer<typeof toleration>;
export type Affinity = z.infer<typeof affinity>;
export type PodAffinityTerm = z.infer<typeof podAffinityTerm>;
export type WeightedPodAffinityTerm = z.infer<typeof weightedPodAffinityTerm>;
export type TopologySpreadConstraint = z.infer<typeof topologySpreadConstraint>;
