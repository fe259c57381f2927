import { defaultPodDisruptionBudget, prepareBudgetForCreate } from '../kinds/poddisruptionbudget/defaults.ts';
import { podDisruptionBudgetTable } from '../kinds/poddisruptionbudget/table.ts';
import { validatePodDisruptionBudget, validatePodDisruptionBudgetUpdate } from '../kinds/poddisruptionbudget/validation.ts';
import type { ResourceType } from '../resource-type.ts';
import { defineKind } from './define-kind.ts';

/** policy/v1 kinds. Eviction is no kind of its own here: it is the body of pods/eviction. */
export function policyKinds(): ResourceType[] {
  return [
    defineKind({
      group: 'policy',
      kind: 'PodDisruptionBudget',
      plural: 'poddisruptionbudgets',
      namespaced: true,
      shortNames: ['pdb'],
      subresources: ['status'],
      defaults: defaultPodDisruptionBudget,
      validate: validatePodDisruptionBudget,
      validateUpdate: validatePodDisruptionBudgetUpdate,
      table: podDisruptionBudgetTable,
      prepareForCreate: prepareBudgetForCreate,
    }),
  ];
}
