import type { IntOrPercent } from './types.ts';

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is, a percentage of `total`
 * rounded up or down. Text that is not `<digits>%` is an error, worded as Go's.
 */
export function scaledValueFromIntOrPercent(value: IntOrPercent, total: number, roundUp: boolean): { value: number } | { error: string } {
  if (typeof value === 'number') return { value };
  if (!value.endsWith('%')) return { error: 'invalid value for IntOrString: invalid type: string is not a percentage' };
  const digits = value.slice(0, -1);
  if (!/^[+-]?[0-9]+$/.test(digits)) {
    return { error: `invalid value for IntOrString: invalid value "${value}": strconv.Atoi: parsing "${digits}": invalid syntax` };
  }
  const scaled = (Number(digits) * total) / 100;
  return { value: roundUp ? Math.ceil(scaled) : Math.floor(scaled) };
}

/** `intstr.IntOrString.String()`: how kubectl prints minAvailable and maxUnavailable. */
export function intOrPercentText(value: IntOrPercent): string {
  return typeof value === 'number' ? String(value) : value;
}
