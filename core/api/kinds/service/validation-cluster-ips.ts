import type { FieldError } from '../../errors.ts';
import { duplicate, index, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { isValidIP } from '../../validation/names.ts';
import { ipFamilyOf } from '../support/checks.ts';
import { isHeadless, type ServiceSpec } from './schema.ts';

/** Cluster IPs, IP families and the family policy: ValidateServiceClusterIPsRelatedFields and friends. */

const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const MUST_BE_SINGLE_STACK = "must be set to 'SingleStack' when releasing the secondary";

/** How clusterIP, clusterIPs, ipFamilies and ipFamilyPolicy must agree (ExternalName is checked elsewhere). */
export function validateClusterIPFields(spec: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const clusterIP = spec.clusterIP ?? '';
  const clusterIPs = spec.clusterIPs ?? [];
  const families = spec.ipFamilies ?? [];

  if (clusterIP !== '') {
    if (clusterIPs.length === 0) errs.push(required('spec.clusterIPs'));
    else if (clusterIPs[0] !== clusterIP) errs.push(invalidValue('spec.clusterIPs', clusterIPs, 'first value must match `clusterIP`'));
  } else if (clusterIPs.length > 0) {
    errs.push(invalidValue('spec.clusterIPs', clusterIPs, 'must be empty when `clusterIP` is not specified'));
  }

  const seen = new Set<string>();
  families.forEach((family, i) => {
    if (!IP_FAMILIES.includes(family)) errs.push(notSupported(index('spec.ipFamilies', i), family, IP_FAMILIES));
    if (seen.has(family)) errs.push(duplicate(index('spec.ipFamilies', i), family));
    seen.add(family);
  });
  if (spec.ipFamilyPolicy !== undefined && !IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy)) {
    errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES));
  }

  let invalidIPs = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        invalidIPs = true;
        errs.push(invalidValue('spec.clusterIPs', clusterIPs, "'None' must be the first and only value"));
      }
      return;
    }
    const problems = isValidIP(ip);
    if (problems.length > 0) invalidIPs = true;
    for (const msg of problems) errs.push(invalidValue(index('spec.clusterIPs', i), ip, msg));
  });
  if (clusterIPs.length > 2) errs.push(invalidValue('spec.clusterIPs', clusterIPs, 'may only hold up to 2 values'));
  // Family checks on malformed IPs would only add noise.
  if (invalidIPs) return errs;

  if (clusterIPs.length > 1 && new Set(clusterIPs.map(ipFamilyOf)).size < 2) {
    errs.push(invalidValue('spec.clusterIPs', clusterIPs, 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(spec)) {
    clusterIPs.slice(0, families.length).forEach((ip, i) => {
      const family = families[i];
      if ((family === 'IPv4' || family === 'IPv6') && ipFamilyOf(ip) !== family) {
        errs.push(invalidValue(index('spec.clusterIPs', i), ip, `expected an ${family} value as indicated by \`ipFamilies[${i}]\``));
      }
    });
  }
  return errs;
}

/**
 * What Kubernetes' IP allocator refuses before allocating, given the families this
 * cluster's service network has. Headless services without a selector may name any family.
 */
export function validateAgainstClusterFamilies(spec: ServiceSpec, clusterFamilies: readonly string[]): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const policy = spec.ipFamilyPolicy;
  const clusterIPs = spec.clusterIPs ?? [];
  const families = spec.ipFamilies ?? [];
  if (policy === 'SingleStack') {
    const message = "must be 'RequireDualStack' or 'PreferDualStack' when multiple";
    if (clusterIPs.length === 2) errs.push(invalidValue('spec.ipFamilyPolicy', policy, `${message} cluster IPs are specified`));
    if (families.length === 2) errs.push(invalidValue('spec.ipFamilyPolicy', policy, `${message} IP families are specified`));
  }
  if (errs.length > 0) return errs;
  const selectorless = Object.keys(spec.selector ?? {}).length === 0;
  if (spec.clusterIP === 'None' && selectorless) return [];

  if (policy === 'RequireDualStack' && clusterFamilies.length < 2) {
    errs.push(invalidValue('spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services'));
  }
  families.forEach((family, i) => {
    if (IP_FAMILIES.includes(family) && !clusterFamilies.includes(family)) {
      errs.push(invalidValue(index('spec.ipFamilies', i), family, 'not configured on this cluster'));
    }
  });
  return errs;
}

/**
 * validateUpgradeDowngradeClusterIPs: the primary cluster IP never changes; a secondary
 * one may be added, or released with ipFamilyPolicy SingleStack. Moving to or from
 * ExternalName, and between headless states, is exempt.
 */
export function validateClusterIPsUpdate(spec: ServiceSpec, before: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName' || before.type === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(before)) return [];
  const now = spec.clusterIPs ?? [];
  const old = before.clusterIPs ?? [];
  const errs: FieldError[] = [];
  const changed = () => invalidValue(index('spec.clusterIPs', 0), now, 'may not change once set');
  if (old.length === now.length) {
    old.forEach((ip, i) => {
      if (ip !== now[i]) errs.push(invalidValue(index('spec.clusterIPs', i), now, 'may not change once set'));
    });
  } else if (old.length > now.length) {
    if (now.length === 0) errs.push(invalidValue(index('spec.clusterIPs', 0), now, 'primary clusterIP can not be unset'));
    if (old.length > 0 && now.length > 0 && now[0] !== old[0]) errs.push(changed());
    if (now.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(invalidValue('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? null, `${MUST_BE_SINGLE_STACK} clusterIP`));
    }
  } else if (old.length > 0 && now[0] !== old[0]) {
    errs.push(changed());
  }
  return errs;
}

/** validateUpgradeDowngradeIPFamilies: the same rules for ipFamilies; headless services may change families. */
export function validateIPFamiliesUpdate(spec: ServiceSpec, before: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName' || before.type === 'ExternalName') return [];
  if (isHeadless(spec) || isHeadless(before)) return [];
  const now = spec.ipFamilies ?? [];
  const old = before.ipFamilies ?? [];
  const errs: FieldError[] = [];
  const path = index('spec.ipFamilies', 0);
  if (old.length === now.length) {
    old.forEach((family, i) => family !== now[i] && errs.push(invalidValue(path, now, 'may not change once set')));
  } else if (old.length > now.length) {
    if ((spec.clusterIPs ?? []).length === 0) errs.push(invalidValue(path, now, 'primary ipFamily can not be unset'));
    if (now.length > 0 && now[0] !== old[0]) errs.push(invalidValue(path, spec.clusterIPs ?? [], 'may not change once set'));
    if (now.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(invalidValue('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? null, `${MUST_BE_SINGLE_STACK} ipFamily`));
    }
  } else if (old.length > 0 && now.length > 0 && now[0] !== old[0]) {
    errs.push(invalidValue(path, spec.clusterIPs ?? [], 'may not change once set'));
  }
  return errs;
}
