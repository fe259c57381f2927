import { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { invalidValue } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { parseShape } from '../pod/schema.ts';
import { bool, int, intOrString, labelSelector, str } from '../pod/schema-primitives.ts';
import { validateNonnegative } from '../pod/validation-common.ts';
import { validateSelectorUnchanged } from '../replicaset/validation.ts';
import { validateSelectedTemplate, validateWorkloadSelector } from '../replicaset/validation-template.ts';
import { defaultDeployment } from './defaults.ts';
import { validateDeploymentStrategy } from './validation-strategy.ts';

/** apps/v1 Deployment validation (ValidateDeployment, ValidateDeploymentUpdate and the registry's selector rule). */

const deploymentSpec = z.object({
  replicas: int.optional(),
  selector: labelSelector.optional(),
  template: z.unknown(),
  strategy: z
    .object({
      type: str.optional(),
      rollingUpdate: z.object({ maxUnavailable: intOrString.optional(), maxSurge: intOrString.optional() }).optional(),
    })
    .optional(),
  minReadySeconds: int.optional(),
  revisionHistoryLimit: int.optional(),
  paused: bool.optional(),
  progressDeadlineSeconds: int.optional(),
});

export function validateDeployment(obj: KubeObject): FieldError[] {
  const deployment = defaultedCopy(obj);
  const errs = validateObjectMeta(deployment.metadata, { namespaced: true, validateName: isDNS1123Subdomain }, 'metadata');
  errs.push(...validateDeploymentSpec(deployment['spec'], 'spec'));
  return errs;
}

export function validateDeploymentUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const deployment = defaultedCopy(obj);
  const previous = defaultedCopy(old);
  const errs = validateObjectMetaUpdate(deployment.metadata, previous.metadata, 'metadata');
  errs.push(...validateDeploymentSpec(deployment['spec'], 'spec'));
  errs.push(...validateSelectorUnchanged(deployment, previous));
  return errs;
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

function defaultedCopy(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  defaultDeployment(copy);
  return copy;
}
