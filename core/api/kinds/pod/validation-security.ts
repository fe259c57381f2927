import type { FieldError } from '../../errors.ts';
import { child, duplicate, index, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { inclusiveRangeError } from '../../validation/names.ts';
import type { Container } from './schema-containers.ts';
import type { PodSecurityContext, PodSpec } from './schema.ts';
import { validateLocalDescendingPath } from './validation-common.ts';

/** Pod and container security contexts (the platform-neutral checks). */

const MAX_ID = 0xffffffff;
const SECCOMP_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const FS_GROUP_CHANGE_POLICIES = ['Always', 'OnRootMismatch'];
const SYSCTL_MAX_LENGTH = 253;
const SYSCTL_FMT = '([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_RE = new RegExp(`^${SYSCTL_FMT}$`);

function validateId(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && (value < 0 || value > MAX_ID) ? [invalidValue(path, value, inclusiveRangeError(0, MAX_ID))] : [];
}

function validateSeccompProfile(profile: { type?: string | undefined; localhostProfile?: string | undefined } | undefined, path: string): FieldError[] {
  if (profile === undefined) return [];
  const errs: FieldError[] = [];
  const type = profile.type ?? '';
  if (type === '') errs.push(required(child(path, 'type'), 'type is required when seccompProfile is set'));
  else if (!SECCOMP_TYPES.includes(type)) errs.push(notSupported(child(path, 'type'), type, SECCOMP_TYPES));
  if (type === 'Localhost') {
    if (profile.localhostProfile === undefined) {
      errs.push(required(child(path, 'localhostProfile'), 'must be set when seccomp type is Localhost'));
    } else {
      errs.push(...validateLocalDescendingPath(profile.localhostProfile, child(path, 'localhostProfile')));
    }
  } else if (profile.localhostProfile !== undefined) {
    errs.push(invalidValue(child(path, 'localhostProfile'), profile, 'can only be set when seccomp type is Localhost'));
  }
  return errs;
}

export function validateContainerSecurityContext(
  sc: Container['securityContext'],
  hostUsers: boolean,
  path: string,
): FieldError[] {
  if (sc === undefined) return [];
  const errs: FieldError[] = [];
  errs.push(...validateId(sc.runAsUser, child(path, 'runAsUser')));
  errs.push(...validateId(sc.runAsGroup, child(path, 'runAsGroup')));
  if (sc.procMount !== undefined) {
    if (sc.procMount !== 'Default' && sc.procMount !== 'Unmasked') {
      errs.push(notSupported(child(path, 'procMount'), sc.procMount, ['Default', 'Unmasked']));
    }
    if (hostUsers && sc.procMount === 'Unmasked') {
      errs.push(invalidValue(child(path, 'procMount'), sc.procMount, '`hostUsers` must be false to use `Unmasked`'));
    }
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, child(path, 'seccompProfile')));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) {
      errs.push(invalidValue(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    }
    if ((sc.capabilities?.add ?? []).includes('CAP_SYS_ADMIN')) {
      errs.push(invalidValue(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
    }
  }
  return errs;
}

export function validatePodSecurityContext(sc: PodSecurityContext | undefined, spec: PodSpec, path: string): FieldError[] {
  if (sc === undefined) return [];
  const errs: FieldError[] = [];
  errs.push(...validateId(sc.fsGroup, child(path, 'fsGroup')));
  errs.push(...validateId(sc.runAsUser, child(path, 'runAsUser')));
  errs.push(...validateId(sc.runAsGroup, child(path, 'runAsGroup')));
  (sc.supplementalGroups ?? []).forEach((gid, i) => errs.push(...validateId(gid, index(child(path, 'supplementalGroups'), i))));
  // v1 keeps hostPID and shareProcessNamespace on the spec; Kubernetes reports them under securityContext.
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(invalidValue(child(path, 'shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  const sysctlNames = new Set<string>();
  (sc.sysctls ?? []).forEach((sysctl, i) => {
    const at = child(index(child(path, 'sysctls'), i), 'name');
    const name = sysctl.name ?? '';
    if (name === '') errs.push(required(at));
    else if (name.length > SYSCTL_MAX_LENGTH || !SYSCTL_RE.test(name)) {
      errs.push(invalidValue(at, name, `must have at most ${SYSCTL_MAX_LENGTH} characters and match regex ^${SYSCTL_FMT}$`));
    } else if (sysctlNames.has(name)) errs.push(duplicate(at, name));
    sysctlNames.add(name);
  });
  if (sc.fsGroupChangePolicy !== undefined && !FS_GROUP_CHANGE_POLICIES.includes(sc.fsGroupChangePolicy)) {
    errs.push(notSupported(child(path, 'fsGroupChangePolicy'), sc.fsGroupChangePolicy, FS_GROUP_CHANGE_POLICIES));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, child(path, 'seccompProfile')));
  return errs;
}
