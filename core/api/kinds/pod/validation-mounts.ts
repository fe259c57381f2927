import type { FieldError } from '../../errors.ts';
import { child, forbidden, index, invalidValue, notFound, notSupported, required } from '../../validation/field-errors.ts';
import type { Container } from './schema-containers.ts';
import type { Volume } from './schema-volumes.ts';
import { validateLocalDescendingPath, validatePathNoBacksteps } from './validation-common.ts';

/** Container volumeMounts and volumeDevices against the pod's (valid) volumes. */

const PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];
const RECURSIVE_READ_ONLY = ['Disabled', 'Enabled', 'IfPossible'];

export function validateVolumeMounts(ctr: Container, volumes: ReadonlyMap<string, Volume>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const devicePaths = new Map((ctr.volumeDevices ?? []).map((d) => [d.name ?? '', d.devicePath ?? '']));
  const mountPoints = new Set<string>();
  (ctr.volumeMounts ?? []).forEach((mnt, i) => {
    const at = index(path, i);
    const name = mnt.name ?? '';
    const mountPath = mnt.mountPath ?? '';
    const subPath = mnt.subPath ?? '';
    const subPathExpr = mnt.subPathExpr ?? '';
    if (name === '') errs.push(required(child(at, 'name')));
    const volume = volumes.get(name);
    if (volume === undefined) errs.push(notFound(child(at, 'name'), name));
    if (mountPath === '') errs.push(required(child(at, 'mountPath')));
    if (mountPoints.has(mountPath)) errs.push(invalidValue(child(at, 'mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);

    if (devicePaths.has(name)) errs.push(invalidValue(child(at, 'name'), name, 'must not already exist in volumeDevices'));
    if ([...devicePaths.values()].includes(mountPath)) {
      errs.push(invalidValue(child(at, 'mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    }
    if (volume?.image !== undefined) {
      if (subPath !== '') errs.push(invalidValue(child(at, 'subPath'), subPath, 'not allowed in image volume sources'));
      if (subPathExpr !== '') errs.push(invalidValue(child(at, 'subPathExpr'), subPathExpr, 'not allowed in image volume sources'));
    }
    // Kubernetes reports sub-path problems on the list path, not on the item.
    if (subPath !== '') errs.push(...validateLocalDescendingPath(subPath, child(path, 'subPath')));
    if (subPathExpr !== '') {
      if (subPath !== '') {
        errs.push(invalidValue(child(at, 'subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      }
      errs.push(...validateLocalDescendingPath(subPathExpr, child(path, 'subPathExpr')));
    }
    if (mnt.mountPropagation !== undefined) {
      const propagationPath = child(path, 'mountPropagation');
      if (!PROPAGATIONS.includes(mnt.mountPropagation)) {
        errs.push(notSupported(propagationPath, mnt.mountPropagation, PROPAGATIONS));
      }
      if (mnt.mountPropagation === 'Bidirectional' && ctr.securityContext?.privileged !== true) {
        errs.push(forbidden(propagationPath, 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
    errs.push(...validateRecursiveReadOnly(mnt, child(path, 'recursiveReadOnly')));
  });
  return errs;
}

function validateRecursiveReadOnly(
  mnt: NonNullable<Container['volumeMounts']>[number],
  path: string,
): FieldError[] {
  const mode = mnt.recursiveReadOnly;
  if (mode === undefined || mode === 'Disabled') return [];
  if (!RECURSIVE_READ_ONLY.includes(mode)) return [notSupported(path, mode, RECURSIVE_READ_ONLY)];
  const errs: FieldError[] = [];
  if (mnt.readOnly !== true) errs.push(forbidden(path, 'may only be specified when readOnly is true'));
  if (mnt.mountPropagation !== undefined && mnt.mountPropagation !== 'None') {
    errs.push(forbidden(path, 'may only be specified when mountPropagation is None or not specified'));
  }
  return errs;
}

/** Block devices must come from PVC-backed volumes and not collide with mounts. */
export function validateVolumeDevices(ctr: Container, volumes: ReadonlyMap<string, Volume>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPaths = new Map((ctr.volumeMounts ?? []).map((m) => [m.name ?? '', m.mountPath ?? '']));
  const devicePaths = new Set<string>();
  const deviceNames = new Set<string>();
  (ctr.volumeDevices ?? []).forEach((dev, i) => {
    const at = index(path, i);
    const name = dev.name ?? '';
    const devicePath = dev.devicePath ?? '';
    const volume = volumes.get(name);
    if (name === '') errs.push(required(child(at, 'name')));
    if (deviceNames.has(name)) errs.push(invalidValue(child(at, 'name'), name, 'must be unique'));
    if (volume !== undefined && volume.persistentVolumeClaim === undefined && volume.ephemeral === undefined) {
      errs.push(
        invalidValue(child(at, 'name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'),
      );
    }
    if (volume === undefined) errs.push(notFound(child(at, 'name'), name));
    if (devicePath === '') errs.push(required(child(at, 'devicePath')));
    if (devicePaths.has(devicePath)) errs.push(invalidValue(child(at, 'devicePath'), devicePath, 'must be unique'));
    if (devicePath !== '' && validatePathNoBacksteps(devicePath, path).length > 0) {
      errs.push(invalidValue(child(at, 'devicePath'), devicePath, "can not contain backsteps ('..')"));
    } else {
      devicePaths.add(devicePath);
    }
    if (mountPaths.has(name)) errs.push(invalidValue(child(at, 'name'), name, 'must not already exist in volumeMounts'));
    if ([...mountPaths.values()].includes(devicePath)) {
      errs.push(invalidValue(child(at, 'devicePath'), devicePath, 'must not already exist as a path in volumeMounts'));
    }
    if (name !== '') deviceNames.add(name);
  });
  return errs;
}
