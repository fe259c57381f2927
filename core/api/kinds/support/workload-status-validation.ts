import type { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { invalidValue } from '../../validation/field-errors.ts';
import { validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateNonnegative } from './checks.ts';
import { int, parseShape, struct } from './json-shape.ts';

/**
 * ValidateReplicaSetStatusUpdate and ValidateDeploymentStatusUpdate: a status
 * write carries the stored spec (statusOnly), so only metadata's update rules
 * and the status counts are checked, never the pod template again.
 */

const workloadStatus = struct({
  replicas: int.optional(),
  fullyLabeledReplicas: int.optional(),
  updatedReplicas: int.optional(),
  readyReplicas: int.optional(),
  availableReplicas: int.optional(),
  unavailableReplicas: int.optional(),
  terminatingReplicas: int.optional(),
  observedGeneration: int.optional(),
  collisionCount: int.optional(),
});

type StatusField = keyof z.infer<typeof workloadStatus>;

/**
 * `nonnegative`: the kind's count fields in the order Kubernetes checks them;
 * `boundedByReplicas`: those that cannot exceed status.replicas.
 */
export function validateWorkloadStatusUpdate(
  obj: KubeObject,
  old: KubeObject,
  nonnegative: readonly StatusField[],
  boundedByReplicas: readonly StatusField[],
): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, 'metadata');
  const parsed = parseShape(workloadStatus, obj['status'] ?? {}, 'status');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  const status = parsed.value;
  for (const field of nonnegative) errs.push(...validateNonnegative(status[field], `status.${field}`));
  const replicas = status.replicas ?? 0;
  const overReplicas = 'cannot be greater than status.replicas';
  for (const field of boundedByReplicas) {
    const value = status[field] ?? 0;
    if (value > replicas) errs.push(invalidValue(`status.${field}`, value, overReplicas));
  }
  const available = status.availableReplicas ?? 0;
  if (available > (status.readyReplicas ?? 0)) errs.push(invalidValue('status.availableReplicas', available, 'cannot be greater than readyReplicas'));
  return errs;
}
