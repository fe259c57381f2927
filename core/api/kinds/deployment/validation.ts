import { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { invalidValue } from '../../validation/field-errors.ts';
import { validateNonnegative } from '../support/checks.ts';
import { bool, int, intOrString, labelSelector, parseShape, str, struct } from '../support/json-shape.ts';
import {
  validateSelectedTemplate,
  validateWorkload,
  validateWorkloadSelector,
  validateWorkloadUpdate,
  type WorkloadRules,
} from '../support/workload-validation.ts';
import { validateWorkloadStatusUpdate } from '../support/workload-status-validation.ts';
import { defaultDeployment } from './defaults.ts';
import { validateDeploymentStrategy } from './validation-strategy.ts';

/** apps/v1 Deployment validation (ValidateDeployment, ValidateDeploymentUpdate and the registry's selector rule). */

const deploymentSpec = struct({
  replicas: int.optional(),
  selector: labelSelector.optional(),
  template: z.unknown(),
  strategy: struct({
    type: str.optional(),
    rollingUpdate: struct({ maxUnavailable: intOrString.optional(), maxSurge: intOrString.optional() }).optional(),
  }).optional(),
  minReadySeconds: int.optional(),
  revisionHistoryLimit: int.optional(),
  paused: bool.optional(),
  progressDeadlineSeconds: int.optional(),
});

const DEPLOYMENT_RULES: WorkloadRules = { applyDefaults: defaultDeployment, validateSpec: validateDeploymentSpec };

export function validateDeployment(obj: KubeObject): FieldError[] {
  return validateWorkload(obj, DEPLOYMENT_RULES);
}

export function validateDeploymentUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return validateWorkloadUpdate(obj, old, DEPLOYMENT_RULES);
}

/** ValidateDeploymentStatusUpdate */
export function validateDeploymentStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return validateWorkloadStatusUpdate(obj, old, 
    ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'terminatingReplicas', 'collisionCount'],
    ['updatedReplicas', 'readyReplicas', 'availableReplicas'],
  );
}

export function validateDeploymentSpec(spec: unknown, path: string): FieldError[] {
  const parsed = parseShape(deploymentSpec, spec ?? {}, path);
  if (!parsed.ok) return parsed.errors;
  const s = parsed.value;
  const errs = validateNonnegative(s.replicas ?? 0, `${path}.replicas`);
  errs.push(...validateWorkloadSelector(s.selector, `${path}.selector`, 'deployment'));
  errs.push(...validateSelectedTemplate(s.selector, s.template, path));
  errs.push(...validateDeploymentStrategy(s.strategy ?? {}, `${path}.strategy`));
  const minReadySeconds = s.minReadySeconds ?? 0;
  errs.push(...validateNonnegative(minReadySeconds, `${path}.minReadySeconds`));
  errs.push(...validateNonnegative(s.revisionHistoryLimit, `${path}.revisionHistoryLimit`));
  if (s.progressDeadlineSeconds !== undefined) {
    const deadline = s.progressDeadlineSeconds;
    errs.push(...validateNonnegative(deadline, `${path}.progressDeadlineSeconds`));
    if (deadline <= minReadySeconds) {
      errs.push(invalidValue(`${path}.progressDeadlineSeconds`, deadline, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}
