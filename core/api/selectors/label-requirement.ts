import { badRequest } from '../errors.ts';
import { formatBadValue, notSupported } from '../validation/field-errors.ts';
import { isQualifiedName, isValidLabelValue } from '../validation/names.ts';

/**
 * One label selector requirement (k8s.io/apimachinery/pkg/labels.Requirement): how it is
 * validated, how it matches a label set and how Kubernetes prints it.
 */

export type LabelOperator =
  | 'In'
  | 'NotIn'
  | 'Exists'
  | 'DoesNotExist'
  | 'Equals'
  | 'DoubleEquals'
  | 'NotEquals'
  | 'GreaterThan'
  | 'LessThan';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** selection.Operator spellings, used in "unsupported operator" messages. */
const OPERATOR_TEXT: Record<LabelOperator, string> = {
  In: 'in',
  NotIn: 'notin',
  Equals: '=',
  DoubleEquals: '==',
  NotEquals: '!=',
  GreaterThan: 'gt',
  LessThan: 'lt',
  Exists: 'exists',
  DoesNotExist: '!',
};
export const BINARY_OPERATORS: LabelOperator[] = ['In', 'NotIn', 'Equals', 'DoubleEquals', 'NotEquals', 'GreaterThan', 'LessThan'];

/**
 * labels.NewRequirement: checks the key, the values and their count for the operator.
 * Throws a BadRequest ApiError worded like Kubernetes' aggregated field errors.
 */
export function newLabelRequirement(key: string, operator: LabelOperator, values: readonly string[]): LabelRequirement {
  const errs: string[] = [];
  const keyError = labelKeyError(key, 'key');
  if (keyError !== undefined) errs.push(keyError);
  const invalidValues = (detail: string): string => `values: Invalid value: ${formatBadValue([...values])}: ${detail}`;
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(invalidValues("for 'in', 'notin' operators, values set can't be empty"));
      break;
    case 'Equals':
    case 'DoubleEquals':
    case 'NotEquals':
      if (values.length !== 1) errs.push(invalidValues('exact-match compatibility requires one single value'));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) errs.push(invalidValues('values set must be empty for exists and does not exist'));
      break;
    case 'GreaterThan':
    case 'LessThan':
      if (values.length !== 1) errs.push(invalidValues("for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (!isInt64(v)) {
          errs.push(`values[${i}]: Invalid value: ${formatBadValue(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
        }
      });
      break;
    default: {
      const all: LabelOperator[] = [...BINARY_OPERATORS, 'Exists', 'DoesNotExist'];
      const unsupported = notSupported('operator', operator, all.map(operatorText));
      errs.push(`${unsupported.field}: ${unsupported.message}`);
    }
  }
  values.forEach((v, i) => {
    const problems = isValidLabelValue(v);
    if (problems.length > 0) errs.push(`values[${i}][${key}]: Invalid value: ${formatBadValue(v)}: ${problems.join('; ')}`);
  });
  if (errs.length > 0) throw badRequest(aggregate(errs));
  return { key, operator, values: [...values] };
}

/** Requirement.Matches: a missing label fails In/Equals/Gt/Lt and satisfies NotIn/NotEquals. */
export function requirementMatches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const present = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case 'In':
    case 'Equals':
    case 'DoubleEquals':
      return present && value !== undefined && r.values.includes(value);
    case 'NotIn':
    case 'NotEquals':
      return !present || value === undefined || !r.values.includes(value);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'GreaterThan':
    case 'LessThan': {
      const only = r.values.length === 1 ? r.values[0] : undefined;
      if (!present || value === undefined || only === undefined || !isInt64(value) || !isInt64(only)) return false;
      return r.operator === 'GreaterThan' ? BigInt(value) > BigInt(only) : BigInt(value) < BigInt(only);
    }
    default:
      return false;
  }
}

/** Requirement.String(): `!h`, `a=b`, `env in (prod,qa)`; set values print sorted. */
export function requirementToString(r: LabelRequirement): string {
  const prefix = r.operator === 'DoesNotExist' ? '!' : '';
  const symbol: Record<LabelOperator, string> = {
    Equals: '=',
    DoubleEquals: '==',
    NotEquals: '!=',
    In: ' in ',
    NotIn: ' notin ',
    GreaterThan: '>',
    LessThan: '<',
    Exists: '',
    DoesNotExist: '',
  };
  if (r.operator === 'Exists' || r.operator === 'DoesNotExist') return `${prefix}${r.key}`;
  const values = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort(compareStrings).join(',');
  const setBased = r.operator === 'In' || r.operator === 'NotIn';
  return `${r.key}${symbol[r.operator]}${setBased ? `(${values})` : values}`;
}

export function operatorText(op: LabelOperator): string {
  return OPERATOR_TEXT[op];
}

/** labels.validateLabelKey: one field error whose detail joins every problem with "; ". */
export function labelKeyError(key: string, field: string): string | undefined {
  const problems = isQualifiedName(key);
  return problems.length === 0 ? undefined : `${field}: Invalid value: ${formatBadValue(key)}: ${problems.join('; ')}`;
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several as "[a, b]". */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

export function isInt64(text: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(text)) return false;
  const n = BigInt(text);
  return n >= -(1n << 63n) && n < 1n << 63n;
}

/** Go compares strings bytewise (UTF-8), which is code point order. */
export function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
