import { z } from 'zod';
import { int, labelSelector, str, strList } from './schema-primitives.ts';

/** The JSON shape of the scheduling parts of core/v1 PodSpec. */

export const toleration = z.object({
  key: str.optional(),
  operator: str.optional(),
  value: str.optional(),
  effect: str.optional(),
  tolerationSeconds: int.optional(),
});

const nodeSelectorRequirement = z.object({ key: str.optional(), operator: str.optional(), values: strList.optional() });

const nodeSelectorTerm = z.object({
  matchExpressions: z.array(nodeSelectorRequirement).optional(),
  matchFields: z.array(nodeSelectorRequirement).optional(),
});

const podAffinityTerm = z.object({
  labelSelector: labelSelector.optional(),
  namespaceSelector: labelSelector.optional(),
  namespaces: strList.optional(),
  topologyKey: str.optional(),
  matchLabelKeys: strList.optional(),
  mismatchLabelKeys: strList.optional(),
});

const weightedPodAffinityTerm = z.object({ weight: int.optional(), podAffinityTerm: podAffinityTerm.optional() });

const podAffinity = z.object({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTerm).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(weightedPodAffinityTerm).optional(),
});

export const affinity = z.object({
  nodeAffinity: z
    .object({
      requiredDuringSchedulingIgnoredDuringExecution: z
        .object({ nodeSelectorTerms: z.array(nodeSelectorTerm).optional() })
        .optional(),
      preferredDuringSchedulingIgnoredDuringExecution: z
        .array(z.object({ weight: int.optional(), preference: nodeSelectorTerm.optional() }))
        .optional(),
    })
    .optional(),
  podAffinity: podAffinity.optional(),
  podAntiAffinity: podAffinity.optional(),
});

export const topologySpreadConstraint = z.object({
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
export type NodeSelectorTerm = z.infer<typeof nodeSelectorTerm>;
export type NodeSelectorRequirement = z.infer<typeof nodeSelectorRequirement>;
export type PodAffinityTerm = z.infer<typeof podAffinityTerm>;
export type WeightedPodAffinityTerm = z.infer<typeof weightedPodAffinityTerm>;
export type TopologySpreadConstraint = z.infer<typeof topologySpreadConstraint>;
