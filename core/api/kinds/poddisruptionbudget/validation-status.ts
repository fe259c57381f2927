import type { FieldError } from '../../errors.ts';
import { child, duplicate, index, invalidValue, notSupported, required, tooLong } from '../../validation/field-errors.ts';
import { regexError } from '../../validation/names.ts';
import { validateNonnegative } from '../support/checks.ts';
import { validateLabelName } from '../support/label-selector.ts';

/** ValidatePodDisruptionBudgetStatusUpdate (policy/v1) and metav1 ValidateConditions. */

export interface ConditionShape {
  type?: string | undefined;
  status?: string | undefined;
  observedGeneration?: number | undefined;
  lastTransitionTime?: string | undefined;
  reason?: string | undefined;
  message?: string | undefined;
}

export interface StatusShape {
  disruptionsAllowed?: number | undefined;
  currentHealthy?: number | undefined;
  desiredHealthy?: number | undefined;
  expectedPods?: number | undefined;
  conditions?: ConditionShape[] | undefined;
}

const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const MAX_REASON_LENGTH = 1024;
const MAX_MESSAGE_LENGTH = 32 * 1024;
const REASON_FMT = '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?';
const REASON_MESSAGE =
  "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'";

export function validateBudgetStatus(status: StatusShape, path: string): FieldError[] {
  const errs = validateConditions(status.conditions ?? [], child(path, 'conditions'));
  for (const counter of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'] as const) {
    errs.push(...validateNonnegative(status[counter], child(path, counter)));
  }
  return errs;
}

function validateConditions(conditions: ConditionShape[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  conditions.forEach((condition, i) => {
    const at = index(path, i);
    const type = condition.type ?? '';
    if (seen.has(type)) errs.push(duplicate(child(at, 'type'), type));
    seen.add(type);
    errs.push(...validateCondition(condition, at));
  });
  return errs;
}

function validateCondition(condition: ConditionShape, path: string): FieldError[] {
  const errs = validateLabelName(condition.type ?? '', child(path, 'type'));
  const status = condition.status ?? '';
  if (!CONDITION_STATUSES.includes(status)) errs.push(notSupported(child(path, 'status'), status, CONDITION_STATUSES));
  if ((condition.observedGeneration ?? 0) < 0) {
    errs.push(invalidValue(child(path, 'observedGeneration'), condition.observedGeneration, 'must be greater than or equal to zero'));
  }
  if ((condition.lastTransitionTime ?? '') === '') errs.push(required(child(path, 'lastTransitionTime'), 'must be set'));
  const reason = condition.reason ?? '';
  if (reason === '') {
    errs.push(required(child(path, 'reason'), 'must be set'));
  } else {
    if (!new RegExp(`^${REASON_FMT}$`).test(reason)) {
      errs.push(invalidValue(child(path, 'reason'), reason, regexError(REASON_MESSAGE, REASON_FMT, 'my_name', 'MY_NAME', 'MyName', 'ReasonA,ReasonB', 'ReasonA:ReasonB')));
    }
    if (reason.length > MAX_REASON_LENGTH) errs.push(tooLong(child(path, 'reason'), reason, MAX_REASON_LENGTH));
  }
  const message = condition.message ?? '';
  if (message.length > MAX_MESSAGE_LENGTH) errs.push(tooLong(child(path, 'message'), message, MAX_MESSAGE_LENGTH));
  return errs;
}
