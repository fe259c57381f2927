import type { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import { Quantity, QuantityParseError } from '../../quantity.ts';
import type { KubeObject } from '../../types/meta.ts';
import { invalidValue, required } from '../../validation/field-errors.ts';
import { FIELD_IMMUTABLE_MESSAGE, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { semanticEqual } from '../support/checks.ts';
import { parseShape } from '../support/json-shape.ts';
import { validateTaints } from '../node/validation.ts';
import { parseGoDuration } from '../nodepool/duration.ts';
import { validateConditions, validatePoolOrClaimName, validateQuantities, validateRequirements } from '../nodepool/shared-validation.ts';
import { nodeClaimShape } from './schema.ts';

/** kubernel.dev/v1alpha1 NodeClaim validation, in Kubernetes' field-error style. */

type NodeClaimSpecShape = NonNullable<z.infer<typeof nodeClaimShape>['spec']>;

export function validateNodeClaim(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, validateName: validatePoolOrClaimName });
  const parsed = parseShape(nodeClaimShape, obj, '');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  const spec = parsed.value.spec ?? {};
  const requirements = spec.requirements ?? [];
  // The provisioner always names the candidate instance types; a claim without requirements could launch anything.
  if (requirements.length === 0) errs.push(required('spec.requirements'));
  errs.push(...validateRequirements(requirements, 'spec.requirements'));
  errs.push(...validateQuantities(spec.resources?.requests, 'spec.resources.requests', true));
  errs.push(...validateTaints(spec.taints ?? [], 'spec.taints'));
  if (spec.terminationGracePeriod !== undefined && parseGoDuration(spec.terminationGracePeriod) === undefined) {
    errs.push(invalidValue('spec.terminationGracePeriod', spec.terminationGracePeriod, 'must be a duration such as "30s" or "1h30m"'));
  }
  const status = parsed.value.status ?? {};
  errs.push(...validateQuantities(status.capacity, 'status.capacity', false));
  errs.push(...validateQuantities(status.allocatable, 'status.allocatable', false));
  errs.push(...validateConditions(status.conditions ?? [], 'status.conditions'));
  return errs;
}

/**
 * A claim is a request the provisioner made once: what it launched answers
 * that spec, so the spec never changes (Karpenter: "spec is immutable").
 * Labels, annotations, finalizers and the status subresource stay writable.
 */
export function validateNodeClaimUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateNodeClaim(obj)];
  const now = parseShape(nodeClaimShape, obj, '');
  const before = parseShape(nodeClaimShape, old, '');
  if (!now.ok || !before.ok) return errs;
  if (!semanticEqual(comparable(now.value.spec), comparable(before.value.spec))) {
    errs.push(invalidValue('spec', obj['spec'] ?? null, FIELD_IMMUTABLE_MESSAGE));
  }
  return errs;
}

/** The spec with its requests compared as amounts, so "1000m" and "1" count as the same CPU. */
function comparable(spec: NodeClaimSpecShape | undefined): unknown {
  const requests = spec?.resources?.requests;
  if (spec === undefined || requests === undefined) return spec;
  const amounts = Object.fromEntries(Object.entries(requests).map(([name, value]) => [name, amount(value)]));
  return { ...spec, resources: { ...spec.resources, requests: amounts } };
}

function amount(value: string | number): string {
  try {
    return Quantity.parse(String(value)).nanoValue().toString();
  } catch (error) {
    if (error instanceof QuantityParseError) return String(value);
    throw error;
  }
}
