import type { FieldError } from '../../errors.ts';
import { labelSelectorFromObject, matchesLabels } from '../../selectors/label-selector.ts';
import type { LabelSelector, LabelSelectorRequirement } from '../../types/meta.ts';
import { child, forbidden, index, invalidValue, required } from '../../validation/field-errors.ts';
import { isValidLabelValue } from '../../validation/names.ts';
import { validateLabels } from '../../validation/object-meta.ts';
import { validateQualifiedName } from './checks.ts';
import type { LabelSelectorShape } from './json-shape.ts';

/** metav1 validation.ValidateLabelSelector and friends, over an already type-checked selector. */

export interface LabelSelectorValidationOptions {
  allowInvalidLabelValueInSelector: boolean;
}

const STRICT: LabelSelectorValidationOptions = { allowInvalidLabelValueInSelector: false };

export function validateLabelSelector(
  selector: LabelSelectorShape | undefined,
  path: string,
  opts: LabelSelectorValidationOptions = STRICT,
): FieldError[] {
  if (selector === undefined) return [];
  const errs = validateLabels(selector.matchLabels, child(path, 'matchLabels'));
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const at = index(child(path, 'matchExpressions'), i);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(child(at, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(forbidden(child(at, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        break;
      default:
        errs.push(invalidValue(child(at, 'operator'), expr.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(expr.key ?? '', child(at, 'key')));
    if (!opts.allowInvalidLabelValueInSelector) {
      values.forEach((value, vi) => {
        for (const msg of isValidLabelValue(value)) errs.push(invalidValue(index(child(at, 'values'), vi), value, msg));
      });
    }
  });
  return errs;
}

/** metav1 validation.ValidateLabelName: a label key is a qualified name. */
export function validateLabelName(name: string, path: string): FieldError[] {
  return validateQualifiedName(name, path);
}

function isSelectorOperator(op: string | undefined): op is LabelSelectorRequirement['operator'] {
  return op === 'In' || op === 'NotIn' || op === 'Exists' || op === 'DoesNotExist';
}

/** The typed metav1.LabelSelector, or undefined when an operator is not one Kubernetes knows. */
export function toLabelSelector(selector: LabelSelectorShape): LabelSelector | undefined {
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const expr of selector.matchExpressions ?? []) {
    if (!isSelectorOperator(expr.operator)) return undefined;
    const requirement: LabelSelectorRequirement = { key: expr.key ?? '', operator: expr.operator };
    if (expr.values !== undefined) requirement.values = expr.values;
    matchExpressions.push(requirement);
  }
  const out: LabelSelector = {};
  if (selector.matchLabels !== undefined) out.matchLabels = selector.matchLabels;
  if (matchExpressions.length > 0) out.matchExpressions = matchExpressions;
  return out;
}

/**
 * metav1.LabelSelectorAsSelector followed by Matches: 'invalid' when the selector
 * cannot be converted (Kubernetes then reports the selector itself as invalid).
 */
export function selectorMatches(selector: LabelSelectorShape, labels: Record<string, string>): boolean | 'invalid' {
  const typed = toLabelSelector(selector);
  if (typed === undefined) return 'invalid';
  try {
    return matchesLabels(labelSelectorFromObject(typed), labels);
  } catch {
    return 'invalid';
  }
}

/** labels.Selector.Empty(): no requirements at all, so it would match everything. */
export function isEmptySelector(selector: LabelSelectorShape): boolean {
  return Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
}
