import type { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import { isRecord, type KubeObject } from '../../types/meta.ts';
import { child, invalidValue, notSupported } from '../../validation/field-errors.ts';
import { isValidLabelValue, isValidPercent } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateNonnegative } from '../support/checks.ts';
import { int, intOrString, labelSelector, list, mapOf, parseShape, str, struct, timestamp, type IntOrString, type Parsed } from '../support/json-shape.ts';
import { validateLabelSelector } from '../support/label-selector.ts';
import { UNHEALTHY_POD_EVICTION_POLICIES } from './types.ts';
import { validateBudgetStatus } from './validation-status.ts';

/**
 * policy/v1 PodDisruptionBudget validation: pkg/apis/policy/validation
 * (ValidatePodDisruptionBudgetSpec, ValidatePodDisruptionBudgetStatusUpdate)
 * plus the generic registry's metadata checks, whose name rule is only
 * ValidatePathSegmentName. The spec may change after creation (since 1.15).
 */

const budgetShape = struct({
  spec: struct({
    minAvailable: intOrString.optional(),
    maxUnavailable: intOrString.optional(),
    selector: labelSelector.optional(),
    unhealthyPodEvictionPolicy: str.optional(),
  }).optional(),
  status: struct({
    observedGeneration: int.optional(),
    disruptedPods: mapOf(timestamp).optional(),
    disruptionsAllowed: int.optional(),
    currentHealthy: int.optional(),
    desiredHealthy: int.optional(),
    expectedPods: int.optional(),
    conditions: list(
      struct({
        type: str.optional(),
        status: str.optional(),
        observedGeneration: int.optional(),
        lastTransitionTime: timestamp.optional(),
        reason: str.optional(),
        message: str.optional(),
      }),
    ).optional(),
  }).optional(),
});

type Budget = z.infer<typeof budgetShape>;
type BudgetSpecShape = NonNullable<Budget['spec']>;

interface SpecOptions {
  /** an update keeps accepting a selector value the stored object already had (AllowInvalidLabelValueInSelector) */
  allowInvalidLabelValueInSelector: boolean;
}

/** validation.ValidatePathSegmentName: names travel in URL paths. */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

function parseBudget(obj: KubeObject): Parsed<Budget> {
  return parseShape(budgetShape, { spec: obj['spec'], status: obj['status'] }, '', ['disruptedPods']);
}

export function validatePodDisruptionBudget(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, validateName: isValidPathSegmentName });
  const parsed = parseBudget(obj);
  if (!parsed.ok) return [...parsed.errors, ...errs];
  // The registry runs the kind's rules before the common metadata ones on create.
  return [...validateBudgetSpec(parsed.value.spec ?? {}, 'spec', { allowInvalidLabelValueInSelector: false }), ...errs];
}

export function validatePodDisruptionBudgetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  const parsed = parseBudget(obj);
  if (!parsed.ok) return [...errs, ...parsed.errors];
  const opts = { allowInvalidLabelValueInSelector: hasInvalidLabelValueInSelector(old) };
  // Status rules run on every update: a main-resource update carries the stored status, which passes them.
  errs.push(...validateBudgetSpec(parsed.value.spec ?? {}, 'spec', opts), ...validateBudgetStatus(parsed.value.status ?? {}, 'status'));
  return errs;
}

export function validateBudgetSpec(spec: BudgetSpecShape, path: string, opts: SpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errs.push(invalidValue(path, spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  if (spec.minAvailable !== undefined) errs.push(...validateIntOrPercent(spec.minAvailable, child(path, 'minAvailable')));
  if (spec.maxUnavailable !== undefined) errs.push(...validateIntOrPercent(spec.maxUnavailable, child(path, 'maxUnavailable')));
  errs.push(...validateLabelSelector(spec.selector, child(path, 'selector'), opts));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && !(UNHEALTHY_POD_EVICTION_POLICIES as readonly string[]).includes(policy)) {
    errs.push(notSupported(child(path, 'unhealthyPodEvictionPolicy'), policy, UNHEALTHY_POD_EVICTION_POLICIES));
  }
  return errs;
}

/** ValidatePositiveIntOrPercent then IsNotMoreThan100Percent. */
function validateIntOrPercent(value: IntOrString, path: string): FieldError[] {
  if (typeof value === 'number') return validateNonnegative(value, path);
  const problems = isValidPercent(value);
  if (problems.length > 0) return problems.map((msg) => invalidValue(path, value, msg));
  return Number(value.slice(0, -1)) > 100 ? [invalidValue(path, value, 'must not be greater than 100%')] : [];
}

/** hasInvalidLabelValueInLabelSelector of the registry strategy. */
function hasInvalidLabelValueInSelector(obj: KubeObject): boolean {
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  const selector = isRecord(spec['selector']) ? spec['selector'] : {};
  const expressions = Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'] : [];
  return expressions.some((expr: unknown) => {
    const values: unknown = isRecord(expr) ? expr['values'] : undefined;
    return Array.isArray(values) && values.some((v) => typeof v === 'string' && isValidLabelValue(v).length > 0);
  });
}
