import type { FieldError } from '../../errors.ts';

/** `[type, field]` pairs: what the validation tables assert, exactly and in order. */
export function summary(errs: readonly FieldError[]): Array<[string, string]> {
  return errs.map((e) => [e.type, e.field]);
}
