import type { FieldError } from '../../errors.ts';
import { child, forbidden, index, invalidValue, required } from '../../validation/field-errors.ts';
import type { ProjectedSource } from './schema-volumes.ts';
import { validateLocalNonReservedPath } from './validation-common.ts';
import { validateDownwardAPIVolumeFile, validateKeyToPath } from './validation-volume-items.ts';

/** Projected volume sources (validateProjectionSources). */

const MIN_TOKEN_SECONDS = 10 * 60;
const MAX_TOKEN_SECONDS = 2 ** 32;

export function validateProjectedSources(sources: ProjectedSource[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const allPaths = new Set<string>();
  // Kubernetes reports a clash on the projected volume as a whole, valued with the later source's name or path.
  const claim = (target: string, shown: string): void => {
    if (allPaths.has(target)) errs.push(invalidValue(path, shown, 'conflicting duplicate paths'));
    else allPaths.add(target);
  };

  sources.forEach((source, i) => {
    const srcPath = index(child(path, 'sources'), i);
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      const ref = source[kind];
      if (ref === undefined) continue;
      count++;
      const at = child(srcPath, kind);
      if ((ref.name ?? '') === '') errs.push(required(child(at, 'name')));
      (ref.items ?? []).forEach((item, j) => {
        errs.push(...validateKeyToPath(item, index(child(at, 'items'), j)));
        if ((item.path ?? '') !== '') claim(item.path ?? '', ref.name ?? '');
      });
    }
    if (source.downwardAPI !== undefined) {
      count++;
      for (const file of source.downwardAPI.items ?? []) {
        errs.push(...validateDownwardAPIVolumeFile(file, child(srcPath, 'downwardAPI')));
        if ((file.path ?? '') !== '') claim(file.path ?? '', file.path ?? '');
      }
    }
    const token = source.serviceAccountToken;
    if (token !== undefined) {
      count++;
      const at = child(srcPath, 'serviceAccountToken');
      const seconds = token.expirationSeconds ?? 0;
      if (seconds < MIN_TOKEN_SECONDS) {
        errs.push(invalidValue(child(at, 'expirationSeconds'), seconds, 'may not specify a duration less than 10 minutes'));
      }
      if (seconds > MAX_TOKEN_SECONDS) {
        errs.push(invalidValue(child(at, 'expirationSeconds'), seconds, 'may not specify a duration larger than 2^32 seconds'));
      }
      // Kubernetes names the projected volume's path here, not the source's.
      if ((token.path ?? '') === '') errs.push(required(child(path, 'path')));
      else errs.push(...validateLocalNonReservedPath(token.path ?? '', child(path, 'path')));
    }
    const bundle = source.clusterTrustBundle;
    if (bundle !== undefined) {
      count++;
      const at = child(srcPath, 'clusterTrustBundle');
      if (bundle.name !== undefined && bundle.signerName !== undefined) {
        errs.push(invalidValue(at, bundle, 'only one of name and signerName may be used'));
      } else if (bundle.name === undefined && bundle.signerName === undefined) {
        errs.push(required(at, 'either name or signerName must be specified'));
      } else if (bundle.name === '') {
        errs.push(required(child(at, 'name'), 'must be a valid object name'));
      } else if (bundle.signerName === '') {
        errs.push(required(child(at, 'signerName'), 'must be a valid signer name'));
      }
      const target = bundle.path ?? '';
      if (target === '') errs.push(required(child(at, 'path')));
      errs.push(...validateLocalNonReservedPath(target, child(at, 'path')));
      claim(target, target);
    }
    if (count > 1) errs.push(forbidden(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}
