import type { FieldError } from '../../errors.ts';
import { child, forbidden, invalidValue, notSupported, required, tooLong } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { validateDNS1123Label, validateDNS1123Subdomain } from '../support/checks.ts';
import { PV_SOURCES, type PVSource, type PVSpec } from './schema.ts';

/** A PersistentVolume names exactly one volume source; each known source gets its own checks. */

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const CSI_DRIVER_NAME_MAX = 63;
const CSI_SECRET_REFS = [
  'controllerPublishSecretRef',
  'nodeStageSecretRef',
  'nodePublishSecretRef',
  'controllerExpandSecretRef',
  'nodeExpandSecretRef',
] as const;

/**
 * Kubernetes counts sources in a fixed order and refuses each one after the first,
 * except flexVolume, which it never checked for company. The "more than 1" error for
 * cephfs names `cephFS`, as Kubernetes prints it.
 */
export function validateVolumeSources(spec: PVSpec, path: string): { errs: FieldError[]; count: number } {
  const errs: FieldError[] = [];
  let count = 0;
  for (const source of PV_SOURCES) {
    if (spec[source] === undefined) continue;
    if (count > 0 && source !== 'flexVolume') {
      errs.push(forbidden(child(path, FORBIDDEN_PATH[source] ?? source), 'may not specify more than 1 volume type'));
      continue;
    }
    count += 1;
    errs.push(...validateSource(spec, source, path));
  }
  if (count === 0) errs.push(required(path, 'must specify a volume type'));
  return { errs, count };
}

const FORBIDDEN_PATH: Partial<Record<PVSource, string>> = { cephfs: 'cephFS' };

function validateSource(spec: PVSpec, source: PVSource, path: string): FieldError[] {
  const at = child(path, source);
  switch (source) {
    case 'hostPath': {
      const hostPath = spec.hostPath ?? {};
      if ((hostPath.path ?? '') === '') return [required(child(at, 'path'))];
      const errs = validateNoBacksteps(hostPath.path ?? '', child(at, 'path'));
      if (hostPath.type !== undefined && !HOST_PATH_TYPES.includes(hostPath.type)) {
        errs.push(notSupported(child(at, 'type'), hostPath.type, HOST_PATH_TYPES));
      }
      return errs;
    }
    case 'nfs': {
      const nfs = spec.nfs ?? {};
      const errs: FieldError[] = [];
      if ((nfs.server ?? '') === '') errs.push(required(child(at, 'server')));
      if ((nfs.path ?? '') === '') errs.push(required(child(at, 'path')));
      if (!(nfs.path ?? '').startsWith('/')) errs.push(invalidValue(child(at, 'path'), nfs.path ?? '', 'must be an absolute path'));
      return errs;
    }
    case 'local': {
      const local = spec.local ?? {};
      if ((local.path ?? '') === '') return [required(child(at, 'path'))];
      return validateNoBacksteps(local.path ?? '', child(at, 'path'));
    }
    case 'csi': {
      const csi = spec.csi ?? {};
      const errs = validateCSIDriverName(csi.driver ?? '', child(at, 'driver'));
      if ((csi.volumeHandle ?? '') === '') errs.push(required(child(at, 'volumeHandle')));
      for (const ref of CSI_SECRET_REFS) {
        const secretRef = csi[ref];
        if (secretRef !== undefined) errs.push(...validateSecretReference(secretRef, child(at, ref)));
      }
      return errs;
    }
    case 'iscsi': {
      const iscsi = spec.iscsi ?? {};
      const errs: FieldError[] = [];
      if ((iscsi.targetPortal ?? '') === '') errs.push(required(child(at, 'targetPortal')));
      if ((iscsi.iqn ?? '') === '') errs.push(required(child(at, 'iqn')));
      const lun = iscsi.lun ?? 0;
      if (lun < 0 || lun > 255) errs.push(invalidValue(child(at, 'lun'), lun, 'must be between 0 and 255, inclusive'));
      return errs;
    }
    default:
      return [];
  }
}

/** ValidateCSIDriverName: required, at most 63 characters, a DNS subdomain ignoring case. */
function validateCSIDriverName(driver: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (driver === '') errs.push(required(path));
  if (driver.length > CSI_DRIVER_NAME_MAX) errs.push(tooLong(path, driver, CSI_DRIVER_NAME_MAX));
  for (const msg of isDNS1123Subdomain(driver.toLowerCase())) errs.push(invalidValue(path, driver, msg));
  return errs;
}

/** A PV's secret reference must name both the secret and its namespace. */
function validateSecretReference(ref: { name?: string | undefined; namespace?: string | undefined }, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if ((ref.name ?? '') === '') errs.push(required(child(path, 'name')));
  else errs.push(...validateDNS1123Subdomain(ref.name ?? '', child(path, 'name')));
  if ((ref.namespace ?? '') === '') errs.push(required(child(path, 'namespace')));
  else errs.push(...validateDNS1123Label(ref.namespace ?? '', child(path, 'namespace')));
  return errs;
}

function validateNoBacksteps(target: string, path: string): FieldError[] {
  return target.replaceAll('\\', '/').split('/').includes('..') ? [invalidValue(path, target, "must not contain '..'")] : [];
}
