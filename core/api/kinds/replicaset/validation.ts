import { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { validateNonnegative } from '../support/checks.ts';
import { int, labelSelector, parseShape, struct } from '../support/json-shape.ts';
import {
  validateSelectedTemplate,
  validateWorkload,
  validateWorkloadSelector,
  validateWorkloadUpdate,
  type WorkloadRules,
} from '../support/workload-validation.ts';
import { validateWorkloadStatusUpdate } from '../support/workload-status-validation.ts';
import { defaultReplicaSet } from './defaults.ts';

/** apps/v1 ReplicaSet validation (ValidateReplicaSet, ValidateReplicaSetUpdate and the registry's selector rule). */

const replicaSetSpec = struct({
  replicas: int.optional(),
  minReadySeconds: int.optional(),
  selector: labelSelector.optional(),
  template: z.unknown(),
});

const REPLICA_SET_RULES: WorkloadRules = { applyDefaults: defaultReplicaSet, validateSpec: validateReplicaSetSpec };

export function validateReplicaSet(obj: KubeObject): FieldError[] {
  return validateWorkload(obj, REPLICA_SET_RULES);
}

export function validateReplicaSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return validateWorkloadUpdate(obj, old, REPLICA_SET_RULES);
}

/** ValidateReplicaSetStatusUpdate */
export function validateReplicaSetStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return validateWorkloadStatusUpdate(obj, old, 
    ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration', 'terminatingReplicas'],
    ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'],
  );
}

export function validateReplicaSetSpec(spec: unknown, path: string): FieldError[] {
  const parsed = parseShape(replicaSetSpec, spec ?? {}, path);
  if (!parsed.ok) return parsed.errors;
  const s = parsed.value;
  const errs = validateNonnegative(s.replicas ?? 0, `${path}.replicas`);
  errs.push(...validateNonnegative(s.minReadySeconds ?? 0, `${path}.minReadySeconds`));
  errs.push(...validateWorkloadSelector(s.selector, `${path}.selector`, 'deployment'));
  errs.push(...validateSelectedTemplate(s.selector, s.template, path));
  return errs;
}
