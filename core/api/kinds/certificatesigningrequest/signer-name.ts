import type { FieldError } from '../../errors.ts';
import { invalidValue, required, tooLong } from '../../validation/field-errors.ts';
import { DNS1123_SUBDOMAIN_MAX_LENGTH, isDNS1123Label, isDNS1123Subdomain } from '../../validation/names.ts';

/**
 * ValidateSignerName (pkg/apis/core/validation): `<domain>/<path>`, the domain
 * at least two DNS labels, the path DNS subdomains separated by dots, and the
 * whole short enough to be a label selector value with a dot to spare.
 */
export function validateSignerName(signerName: string, path: string): FieldError[] {
  if (signerName === '') return [required(path)];
  const segments = signerName.split('/');
  const [domain, rest] = segments;
  if (segments.length !== 2 || domain === undefined || rest === undefined) {
    return [invalidValue(path, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  }
  const errs: FieldError[] = [];
  if (domain.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(tooLong(path, domain, DNS1123_SUBDOMAIN_MAX_LENGTH));
  const labels = domain.split('.');
  // Only the first bad label is reported: the rest would repeat the same message.
  for (const label of labels) {
    const problems = isDNS1123Label(label);
    if (problems.length === 0) continue;
    errs.push(...problems.map((p) => invalidValue(path, domain, `validating label "${label}": ${p}`)));
    break;
  }
  if (labels.length < 2) errs.push(invalidValue(path, domain, 'should be a domain with at least two segments separated by dots'));
  for (const component of rest.split('.')) {
    const problems = isDNS1123Subdomain(component);
    if (problems.length === 0) continue;
    errs.push(...problems.map((p) => invalidValue(path, rest, `validating component "${component}": ${p}`)));
    break;
  }
  const maxPath = DNS1123_SUBDOMAIN_MAX_LENGTH - domain.length - 1;
  if (rest.length > maxPath) errs.push(tooLong(path, rest, maxPath));
  return errs;
}
