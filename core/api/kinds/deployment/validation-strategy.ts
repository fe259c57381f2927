import type { FieldError } from '../../errors.ts';
import { child, forbidden, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { isValidPercent } from '../../validation/names.ts';
import { validateNonnegative } from '../support/checks.ts';
import type { IntOrString } from '../support/json-shape.ts';

/** Deployment strategy checks (ValidateDeploymentStrategy, ValidateRollingUpdateDeployment). */

export interface DeploymentStrategyShape {
  type?: string | undefined;
  rollingUpdate?: { maxUnavailable?: IntOrString | undefined; maxSurge?: IntOrString | undefined } | undefined;
}

export function validateDeploymentStrategy(strategy: DeploymentStrategyShape, path: string): FieldError[] {
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate === undefined
        ? []
        : [forbidden(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")];
    case 'RollingUpdate':
      if (strategy.rollingUpdate === undefined) {
        return [required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil')];
      }
      return validateRollingUpdate(strategy.rollingUpdate, child(path, 'rollingUpdate'));
    default:
      return [notSupported(path, strategy, ['Recreate', 'RollingUpdate'])];
  }
}

function validateRollingUpdate(update: NonNullable<DeploymentStrategyShape['rollingUpdate']>, path: string): FieldError[] {
  const maxUnavailable = update.maxUnavailable ?? 0;
  const maxSurge = update.maxSurge ?? 0;
  const errs = validatePositiveIntOrPercent(maxUnavailable, child(path, 'maxUnavailable'));
  errs.push(...validatePositiveIntOrPercent(maxSurge, child(path, 'maxSurge')));
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    errs.push(invalidValue(child(path, 'maxUnavailable'), maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  const percent = percentValue(maxUnavailable);
  if (percent !== undefined && percent > 100) {
    errs.push(invalidValue(child(path, 'maxUnavailable'), maxUnavailable, 'must not be greater than 100%'));
  }
  return errs;
}

function validatePositiveIntOrPercent(value: IntOrString, path: string): FieldError[] {
  if (typeof value === 'number') return validateNonnegative(value, path);
  return isValidPercent(value).map((msg) => invalidValue(path, value, msg));
}

function percentValue(value: IntOrString): number | undefined {
  if (typeof value !== 'string' || isValidPercent(value).length > 0) return undefined;
  return Number(value.slice(0, -1));
}

/** getIntOrPercentValue: a percentage's number, an int's value, and 0 for unparsable text. */
function intOrPercentValue(value: IntOrString): number {
  const percent = percentValue(value);
  if (percent !== undefined) return percent;
  if (typeof value === 'number') return value;
  return /^[+-]?[0-9]+$/.test(value) ? Number(value) : 0;
}
