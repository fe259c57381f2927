import type { FieldError } from '../../errors.ts';
import { child, forbidden, index, invalidValue, required } from '../../validation/field-errors.ts';
import { isValidLabelValue } from '../../validation/names.ts';
import { validateLabels } from '../../validation/object-meta.ts';
import { validateQualifiedName } from './checks.ts';
import type { LabelSelectorShape } from './json-shape.ts';

/** metav1 validation.ValidateLabelSelector, over an already type-checked selector. */
export function validateLabelSelector(selector: LabelSelectorShape | undefined, path: string): FieldError[] {
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
    errs.push(...validateQualifiedName(expr.key ?? '', child(at, 'key')));
    values.forEach((value, vi) => {
      for (const msg of isValidLabelValue(value)) errs.push(invalidValue(index(child(at, 'values'), vi), value, msg));
    });
  });
  return errs;
}
