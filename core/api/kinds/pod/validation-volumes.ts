import type { FieldError } from '../../errors.ts';
import { child, duplicate, forbidden, index, invalidValue, notSupported, required, tooLong } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { validateDNS1123Label, validateDNS1123Subdomain } from '../support/checks.ts';
import { parseQuantityField } from '../support/quantity-checks.ts';
import { VOLUME_SOURCE_FIELDS, type Volume } from './schema-volumes.ts';
import { validateFileMode, validateLocalDescendingPath, validatePathNoBacksteps, validatePullPolicy } from './validation-common.ts';
import { validateProjectedSources } from './validation-projected.ts';
import { validateDownwardAPIVolumeFile, validateKeyToPath } from './validation-volume-items.ts';

/** Pod volumes (ValidateVolumes / validateVolumeSource). */

type SourceField = (typeof VOLUME_SOURCE_FIELDS)[number];

/** Where Kubernetes reports "more than 1 volume type" and where it validates the source, typos included. */
const FORBIDDEN_PATH: Partial<Record<SourceField, string>> = { downwardAPI: 'downwarAPI', cephfs: 'cephFS' };

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

export interface ValidatedVolumes {
  /** volumes that passed validation, by name, for mounts to refer to */
  byName: Map<string, Volume>;
  errors: FieldError[];
}

/** `podName` is known only for real pods; it names the PVCs of ephemeral volumes. */
export function validateVolumes(volumes: Volume[], podName: string | undefined, resourceIsPod: boolean, path: string): ValidatedVolumes {
  const byName = new Map<string, Volume>();
  const errors: FieldError[] = [];
  const createdClaims = new Set(
    podName ? volumes.filter((v) => v.ephemeral !== undefined).map((v) => `${podName}-${v.name ?? ''}`) : [],
  );
  volumes.forEach((vol, i) => {
    const at = index(path, i);
    const name = vol.name ?? '';
    const namePath = child(at, 'name');
    const el = validateVolumeSource(vol, at, podName, resourceIsPod);
    if (name === '') el.push(required(namePath));
    else el.push(...validateDNS1123Label(name, namePath));
    if (byName.has(name)) el.push(duplicate(namePath, name));
    if (el.length === 0) byName.set(name, vol);
    else errors.push(...el);
    const claimName = vol.persistentVolumeClaim?.claimName ?? '';
    if (vol.persistentVolumeClaim !== undefined && createdClaims.has(claimName)) {
      errors.push(
        invalidValue(
          child(child(at, 'persistentVolumeClaim'), 'claimName'),
          claimName,
          'must not reference a PVC that gets created for an ephemeral volume',
        ),
      );
    }
  });
  return { byName, errors };
}

function validateVolumeSource(vol: Volume, path: string, podName: string | undefined, resourceIsPod: boolean): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const field of VOLUME_SOURCE_FIELDS) {
    if (vol[field] === undefined) continue;
    if (count > 0) {
      errs.push(forbidden(child(path, FORBIDDEN_PATH[field] ?? field), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errs.push(...validateSource(vol, field, path, podName, resourceIsPod));
  }
  if (count === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

function validateSource(vol: Volume, field: SourceField, path: string, podName: string | undefined, resourceIsPod: boolean): FieldError[] {
  const at = child(path, field);
  const errs: FieldError[] = [];
  switch (field) {
    case 'emptyDir': {
      const limit = vol.emptyDir?.sizeLimit;
      if (limit === undefined) return errs;
      const parsed = parseQuantityField(limit, child(at, 'sizeLimit'));
      if (!parsed.ok) return parsed.errors;
      if (parsed.quantity.sign() < 0) errs.push(forbidden(child(at, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
      return errs;
    }
    case 'hostPath': {
      const hostPath = vol.hostPath?.path ?? '';
      if (hostPath === '') return [required(child(at, 'path'))];
      errs.push(...validatePathNoBacksteps(hostPath, child(at, 'path')));
      const type = vol.hostPath?.type;
      if (type !== undefined && !HOST_PATH_TYPES.includes(type)) errs.push(notSupported(child(at, 'type'), type, HOST_PATH_TYPES));
      return errs;
    }
    case 'secret': {
      const secret = vol.secret ?? {};
      if ((secret.secretName ?? '') === '') errs.push(required(child(at, 'secretName')));
      errs.push(...validateFileMode(secret.defaultMode, child(at, 'defaultMode')));
      (secret.items ?? []).forEach((item, i) => errs.push(...validateKeyToPath(item, index(child(at, 'items'), i))));
      return errs;
    }
    case 'configMap': {
      const configMap = vol.configMap ?? {};
      if ((configMap.name ?? '') === '') errs.push(required(child(at, 'name')));
      errs.push(...validateFileMode(configMap.defaultMode, child(at, 'defaultMode')));
      (configMap.items ?? []).forEach((item, i) => errs.push(...validateKeyToPath(item, index(child(at, 'items'), i))));
      return errs;
    }
    case 'persistentVolumeClaim':
      return (vol.persistentVolumeClaim?.claimName ?? '') === '' ? [required(child(at, 'claimName'))] : [];
    case 'downwardAPI': {
      const downward = vol.downwardAPI ?? {};
      errs.push(...validateFileMode(downward.defaultMode, child(at, 'defaultMode')));
      // Kubernetes reports item errors on the source itself, without the item index.
      for (const file of downward.items ?? []) errs.push(...validateDownwardAPIVolumeFile(file, at));
      return errs;
    }
    case 'projected': {
      const projected = vol.projected ?? {};
      errs.push(...validateFileMode(projected.defaultMode, child(at, 'defaultMode')));
      errs.push(...validateProjectedSources(projected.sources ?? [], at));
      return errs;
    }
    case 'nfs': {
      const nfsPath = vol.nfs?.path ?? '';
      if ((vol.nfs?.server ?? '') === '') errs.push(required(child(at, 'server')));
      if (nfsPath === '') errs.push(required(child(at, 'path')));
      if (!nfsPath.startsWith('/')) errs.push(invalidValue(child(at, 'path'), nfsPath, 'must be an absolute path'));
      return errs;
    }
    case 'csi':
      return validateCSIVolumeSource(vol, at);
    case 'ephemeral': {
      if (vol.ephemeral?.volumeClaimTemplate === undefined) return [required(child(at, 'volumeClaimTemplate'))];
      const name = vol.name ?? '';
      if (podName !== undefined && podName !== '' && name !== '') {
        const claim = `${podName}-${name}`;
        for (const msg of isDNS1123Subdomain(claim)) errs.push(invalidValue(child(path, 'name'), name, `PVC name "${claim}": ${msg}`));
      }
      return errs;
    }
    case 'image':
      if (resourceIsPod && (vol.image?.reference ?? '') === '') errs.push(required(child(at, 'reference')));
      errs.push(...validatePullPolicy(vol.image?.pullPolicy ?? '', child(at, 'pullPolicy')));
      return errs;
    case 'gitRepo': {
      const gitRepo = vol.gitRepo ?? {};
      const repository = gitRepo['repository'];
      if (typeof repository !== 'string' || repository === '') errs.push(required(child(at, 'repository')));
      const directory = gitRepo['directory'];
      errs.push(...validateLocalDescendingPath(typeof directory === 'string' ? directory : '', child(at, 'directory')));
      return errs;
    }
    default:
      // Legacy in-tree sources: recognised, their own fields not checked here.
      return errs;
  }
}

function validateCSIVolumeSource(vol: Volume, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const driver = vol.csi?.driver ?? '';
  const driverPath = child(path, 'driver');
  if (driver === '') errs.push(required(driverPath));
  if (driver.length > 63) errs.push(tooLong(driverPath, driver, 63));
  for (const msg of isDNS1123Subdomain(driver.toLowerCase())) errs.push(invalidValue(driverPath, driver, msg));
  const secretRef = vol.csi?.nodePublishSecretRef;
  if (secretRef !== undefined) {
    const name = secretRef.name ?? '';
    if (name === '') errs.push(required(child(path, 'nodePublishSecretRef.name')));
    else errs.push(...validateDNS1123Subdomain(name, child(path, 'name')));
  }
  return errs;
}
