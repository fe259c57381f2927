import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { child, forbidden, invalidValue, notSupported } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateNonnegative, validateQualifiedName } from '../support/checks.ts';
import { int, parseShape, str, struct, timestamp } from '../support/json-shape.ts';

/** coordination.k8s.io/v1 Lease validation (pkg/apis/coordination/validation). */

const leaseShape = struct({
  spec: struct({
    holderIdentity: str.optional(),
    leaseDurationSeconds: int.optional(),
    acquireTime: timestamp.optional(),
    renewTime: timestamp.optional(),
    leaseTransitions: int.optional(),
    strategy: str.optional(),
    preferredHolder: str.optional(),
  }).optional(),
});

/** Coordinated leader election strategies Kubernetes defines; others must be domain-qualified. */
const LEASE_STRATEGIES = ['OldestEmulationVersion'];

export function validateLease(obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, { namespaced: true, validateName: isDNS1123Subdomain }), ...validateLeaseSpec(obj)];
}

/** ValidateLeaseUpdate: metadata's update rules (which check labels and the like again) and the spec; the name cannot change. */
export function validateLeaseUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateLeaseSpec(obj)];
}

/** ValidateLeaseSpec */
function validateLeaseSpec(obj: KubeObject): FieldError[] {
  const parsed = parseShape(leaseShape, obj, '');
  if (!parsed.ok) return parsed.errors;
  const errs: FieldError[] = [];
  const spec = parsed.value.spec ?? {};
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    errs.push(invalidValue('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  errs.push(...validateNonnegative(spec.leaseTransitions, 'spec.leaseTransitions'));
  if (spec.strategy !== undefined) errs.push(...validateStrategy(spec.strategy, 'spec.strategy'));
  if ((spec.preferredHolder ?? '') !== '' && (spec.strategy ?? '') === '') {
    errs.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errs;
}

/**
 * ValidateCoordinatedLeaseStrategy. Kubernetes appends "strategy" to a path that already
 * ends in it, so errors name `spec.strategy.strategy`; we keep that for compatibility.
 */
function validateStrategy(strategy: string, path: string): FieldError[] {
  const at = child(path, 'strategy');
  if (!strategy.includes('/')) return LEASE_STRATEGIES.includes(strategy) ? [] : [notSupported(at, strategy, LEASE_STRATEGIES)];
  return validateQualifiedName(strategy, at);
}
