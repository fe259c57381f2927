import type { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import { child, forbidden, index, invalidValue, key, notSupported, required } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain, isValidLabelValue } from '../../validation/names.ts';
import type { QuantityValue } from '../support/json-shape.ts';
import { validateLabelName } from '../support/label-selector.ts';
import { parseQuantityField, validateResourceQuantityValue } from '../support/quantity-checks.ts';
import type { condition, requirement } from './schema.ts';

/** Rules NodePool and NodeClaim share: their names, node requirements, status conditions and resource lists. */

/** In the order Kubernetes' NodeSelectorOperator constants are declared. */
export const REQUIREMENT_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const CONDITION_STATUSES = ['True', 'False', 'Unknown'];
const INTEGER = /^[+-]?\d+$/;

/**
 * A DNS-1123 subdomain that is also a label value (at most 63 characters): the
 * name of a pool or claim becomes the kubernel.dev/node-pool or
 * kubernel.dev/node-claim label of every node launched for it.
 */
export function validatePoolOrClaimName(name: string): string[] {
  const problems = isDNS1123Subdomain(name);
  return problems.length > 0 ? problems : isValidLabelValue(name);
}

/**
 * core/v1 NodeSelectorRequirements (ValidateNodeSelectorRequirement), plus what
 * the provisioner needs to compare them: Gt and Lt take one integer.
 */
export function validateRequirements(requirements: ReadonlyArray<z.infer<typeof requirement>>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  requirements.forEach((req, i) => {
    const at = index(path, i);
    const values = req.values ?? [];
    const valuesPath = child(at, 'values');
    const operator = req.operator ?? '';
    errs.push(...validateLabelName(req.key ?? '', child(at, 'key')));
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
        values.forEach((value, vi) => {
          for (const msg of isValidLabelValue(value)) errs.push(invalidValue(index(valuesPath, vi), value, msg));
        });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1) errs.push(required(valuesPath, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
        else if (!INTEGER.test(values[0] ?? '')) errs.push(invalidValue(index(valuesPath, 0), values[0] ?? '', 'must be an integer'));
        break;
      case '':
        errs.push(required(child(at, 'operator')));
        break;
      default:
        errs.push(notSupported(child(at, 'operator'), operator, REQUIREMENT_OPERATORS));
    }
  });
  return errs;
}

/** metav1.Condition's required type and its three statuses. */
export function validateConditions(conditions: ReadonlyArray<z.infer<typeof condition>>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  conditions.forEach((c, i) => {
    const at = index(path, i);
    if ((c.type ?? '') === '') errs.push(required(child(at, 'type')));
    const status = c.status ?? '';
    if (status === '') errs.push(required(child(at, 'status')));
    else if (!CONDITION_STATUSES.includes(status)) errs.push(notSupported(child(at, 'status'), status, CONDITION_STATUSES));
  });
  return errs;
}

/**
 * A map of resource quantities: each parses, none is negative, countable ones
 * are whole. `keyed` prints keys as `requests[cpu]` (a spec's resource list, as
 * for pods) rather than dotted (a status list, as for Node capacity).
 */
export function validateQuantities(list: Readonly<Record<string, QuantityValue>> | undefined, path: string, keyed: boolean): FieldError[] {
  const errs: FieldError[] = [];
  for (const [resource, value] of Object.entries(list ?? {})) {
    const at = keyed ? key(path, resource) : child(path, resource);
    if (keyed) errs.push(...validateLabelName(resource, at));
    const parsed = parseQuantityField(value, at);
    if (!parsed.ok) errs.push(...parsed.errors);
    else errs.push(...validateResourceQuantityValue(resource, parsed.quantity, at));
  }
  return errs;
}
