import type { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { child, index, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { inclusiveRangeError, regexError } from '../../validation/names.ts';
import { validateAnnotations, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateNonnegative } from '../support/checks.ts';
import { parseShape } from '../support/json-shape.ts';
import { parseQuantityField, validateNonnegativeQuantity } from '../support/quantity-checks.ts';
import { validateTaints } from '../node/validation.ts';
import { CONSOLIDATE_NEVER, consolidateAfterMs } from './duration.ts';
import { nodePoolShape } from './schema.ts';
import { validateConditions, validatePoolOrClaimName, validateQuantities, validateRequirements } from './shared-validation.ts';

/** kubernel.dev/v1alpha1 NodePool validation, in Kubernetes' field-error style. */

type NodePoolSpecShape = NonNullable<z.infer<typeof nodePoolShape>['spec']>;

const PROVIDER_FMT = '[a-z0-9]([-a-z0-9/]*[a-z0-9])?';
const PROVIDER_RE = new RegExp(`^${PROVIDER_FMT}$`);
const PROVIDER_MESSAGE = regexError(
  "a provider name must consist of lower case alphanumeric characters, '-' or '/', and must start and end with an alphanumeric character",
  PROVIDER_FMT,
  'aws',
  'example/cloud',
);

export const CONSOLIDATION_POLICIES = ['WhenEmpty', 'WhenEmptyOrUnderutilized'];
const CONSOLIDATE_AFTER_MESSAGE = `must be a duration such as "30s" or "1m30s", or "${CONSOLIDATE_NEVER}"`;
/** Karpenter's pattern for a budget: a count of nodes, or a percentage of the pool's. */
const BUDGET_NODES_RE = /^((100|[0-9]{1,2})%|[0-9]+)$/;
const BUDGET_NODES_MESSAGE = 'must be a non-negative integer or a percentage from "0%" to "100%"';
const WEIGHT_MIN = 1;
const WEIGHT_MAX = 100;

export function validateNodePool(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, validateName: validatePoolOrClaimName });
  const parsed = parseShape(nodePoolShape, obj, '');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  const spec = parsed.value.spec ?? {};
  errs.push(...validateProvider(spec.provider ?? '', 'spec.provider'));
  errs.push(...validateTemplate(spec.template, 'spec.template'));
  errs.push(...validateLimits(spec.limits, 'spec.limits'));
  errs.push(...validateSize(spec));
  if (spec.weight !== undefined && (spec.weight < WEIGHT_MIN || spec.weight > WEIGHT_MAX)) {
    errs.push(invalidValue('spec.weight', spec.weight, inclusiveRangeError(WEIGHT_MIN, WEIGHT_MAX)));
  }
  errs.push(...validateDisruption(spec.disruption, 'spec.disruption'));
  const status = parsed.value.status ?? {};
  errs.push(...validateQuantities(status.resources, 'status.resources', false));
  errs.push(...validateConditions(status.conditions ?? [], 'status.conditions'));
  return errs;
}

/** A pool's spec may change at any time: new nodes follow it, running ones are replaced by disruption. */
export function validateNodePoolUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateNodePool(obj)];
}

function validateProvider(provider: string, path: string): FieldError[] {
  if (provider === '') return [required(path)];
  return PROVIDER_RE.test(provider) ? [] : [invalidValue(path, provider, PROVIDER_MESSAGE)];
}

function validateTemplate(template: NodePoolSpecShape['template'], path: string): FieldError[] {
  if (template === undefined) return [];
  const metadata = child(path, 'metadata');
  const spec = child(path, 'spec');
  return [
    ...validateLabels(template.metadata?.labels, child(metadata, 'labels')),
    ...validateAnnotations(template.metadata?.annotations, child(metadata, 'annotations')),
    ...validateRequirements(template.spec?.requirements ?? [], child(spec, 'requirements')),
    ...validateTaints(template.spec?.taints ?? [], child(spec, 'taints')),
  ];
}

function validateLimits(limits: NodePoolSpecShape['limits'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const resource of ['cpu', 'memory'] as const) {
    const value = limits?.[resource];
    if (value === undefined) continue;
    const parsed = parseQuantityField(value, child(path, resource));
    if (!parsed.ok) errs.push(...parsed.errors);
    else errs.push(...validateNonnegativeQuantity(parsed.quantity, child(path, resource)));
  }
  return errs;
}

/** min and max count nodes; max below min could never be satisfied (HorizontalPodAutoscaler's wording). */
function validateSize(spec: NodePoolSpecShape): FieldError[] {
  const errs = [...validateNonnegative(spec.min, 'spec.min'), ...validateNonnegative(spec.max, 'spec.max')];
  if (spec.min !== undefined && spec.max !== undefined && spec.max < spec.min) {
    errs.push(invalidValue('spec.max', spec.max, 'must be greater than or equal to `min`'));
  }
  return errs;
}

function validateDisruption(disruption: NodePoolSpecShape['disruption'], path: string): FieldError[] {
  if (disruption === undefined) return [];
  const errs: FieldError[] = [];
  const policy = disruption.consolidationPolicy;
  if (policy !== undefined && !CONSOLIDATION_POLICIES.includes(policy)) {
    errs.push(notSupported(child(path, 'consolidationPolicy'), policy, CONSOLIDATION_POLICIES));
  }
  const after = disruption.consolidateAfter;
  if (after !== undefined && consolidateAfterMs(after) === undefined) {
    errs.push(invalidValue(child(path, 'consolidateAfter'), after, CONSOLIDATE_AFTER_MESSAGE));
  }
  (disruption.budgets ?? []).forEach((budget, i) => {
    const at = child(index(child(path, 'budgets'), i), 'nodes');
    const nodes = budget.nodes ?? '';
    if (nodes === '') errs.push(required(at));
    else if (!BUDGET_NODES_RE.test(nodes)) errs.push(invalidValue(at, nodes, BUDGET_NODES_MESSAGE));
  });
  return errs;
}
