import type { FieldError } from '../../errors.ts';
import { duplicate, invalidValue, notSupported, required } from '../../validation/field-errors.ts';

interface ConditionView {
  type?: string | undefined;
  status?: string | undefined;
}

export interface ConditionTolerations {
  bothApprovedAndDenied: boolean;
  duplicateConditionTypes: boolean;
  emptyConditionType: boolean;
}

/** Approved, Denied and Failed may only be True when present. */
const TRUE_ONLY_TYPES = new Set(['Approved', 'Denied', 'Failed']);
const TRUE_ONLY = ['True'];
const ALL_STATUSES = ['False', 'True', 'Unknown'];

/** validateConditions: types present and unique, statuses known, never both Approved and Denied. */
export function validateConditions(conditions: readonly ConditionView[], path: string, tolerate: ConditionTolerations): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  conditions.forEach((condition, i) => {
    const at = `${path}[${i}]`;
    const type = condition.type ?? '';
    const status = condition.status ?? '';
    if (!tolerate.emptyConditionType && type === '') errs.push(required(`${at}.type`));
    const allowed = TRUE_ONLY_TYPES.has(type) ? TRUE_ONLY : ALL_STATUSES;
    if (status === '') errs.push(required(`${at}.status`));
    else if (!allowed.includes(status)) errs.push(notSupported(`${at}.status`, status, allowed));
    if (!tolerate.bothApprovedAndDenied) {
      if (type === 'Approved') {
        approved = true;
        if (denied) errs.push(invalidValue(`${at}.type`, type, 'Approved and Denied conditions are mutually exclusive'));
      } else if (type === 'Denied') {
        denied = true;
        if (approved) errs.push(invalidValue(`${at}.type`, type, 'Approved and Denied conditions are mutually exclusive'));
      }
    }
    if (!tolerate.duplicateConditionTypes) {
      if (seen.has(type)) errs.push(duplicate(`${at}.type`, type));
      seen.add(type);
    }
  });
  return errs;
}
