import type { FieldError } from '../../errors.ts';
import { child, duplicate, index, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { DNS1123_SUBDOMAIN_MAX_LENGTH, maxLenError, regexError } from '../../validation/names.ts';
import { validateDNS1123Label, validateDNS1123Subdomain, validateIP, validateQualifiedName } from '../support/checks.ts';
import type { PodSpec } from './schema.ts';

/** The smaller PodSpec checks: policies, DNS, host aliases, gates and resource claims. */

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];
const MAX_DNS_NAMESERVERS = 3;
const MAX_DNS_SEARCH_PATHS = 32;
const MAX_DNS_SEARCH_CHARS = 2048;
const LABEL_WITH_UNDERSCORE_FMT = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SUBDOMAIN_WITH_UNDERSCORE_FMT = `${LABEL_WITH_UNDERSCORE_FMT}(\\.${LABEL_WITH_UNDERSCORE_FMT})*`;

/** validation.IsDNS1123SubdomainWithUnderscore, which DNS search domains use. */
function dns1123SubdomainWithUnderscore(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value, 'utf8') > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!new RegExp(`^${SUBDOMAIN_WITH_UNDERSCORE_FMT}$`).test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
        SUBDOMAIN_WITH_UNDERSCORE_FMT,
        'example.com',
      ),
    );
  }
  return errs;
}

function validateEnum(value: string, supported: string[], path: string): FieldError[] {
  if (value === '') return [required(path)];
  return supported.includes(value) ? [] : [notSupported(path, value, supported)];
}

export function validateRestartPolicy(value: string, path: string): FieldError[] {
  return validateEnum(value, RESTART_POLICIES, path);
}

export function validateDNSPolicy(value: string, path: string): FieldError[] {
  return validateEnum(value, DNS_POLICIES, path);
}

export function validatePreemptionPolicy(value: string, path: string): FieldError[] {
  return validateEnum(value, PREEMPTION_POLICIES, path);
}

export function validateDNSConfig(spec: PodSpec, path: string): FieldError[] {
  const config = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (config === undefined) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if ((config.nameservers ?? []).length === 0) {
      return [required(child(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
    }
  }
  if (config === undefined) return [];
  const errs: FieldError[] = [];
  const nameservers = config.nameservers ?? [];
  if (nameservers.length > MAX_DNS_NAMESERVERS) {
    errs.push(invalidValue(child(path, 'nameservers'), nameservers, `must not have more than ${MAX_DNS_NAMESERVERS} nameservers`));
  }
  nameservers.forEach((ns, i) => {
    errs.push(...validateIP(ns, index(child(path, 'nameservers'), i)));
  });
  const searches = config.searches ?? [];
  if (searches.length > MAX_DNS_SEARCH_PATHS) {
    errs.push(invalidValue(child(path, 'searches'), searches, `must not have more than ${MAX_DNS_SEARCH_PATHS} search paths`));
  }
  if (searches.join(' ').length > MAX_DNS_SEARCH_CHARS) {
    errs.push(
      invalidValue(
        child(path, 'searches'),
        searches,
        `must not have more than ${MAX_DNS_SEARCH_CHARS} characters (including spaces) in the search list`,
      ),
    );
  }
  searches.forEach((search, i) => {
    // A trailing dot marks a fully qualified name; "." alone is allowed (RelaxedDNSSearchValidation, GA).
    if (search === '.') return;
    const trimmed = search.endsWith('.') ? search.slice(0, -1) : search;
    for (const msg of dns1123SubdomainWithUnderscore(trimmed)) {
      errs.push(invalidValue(index(child(path, 'searches'), i), trimmed, msg));
    }
  });
  (config.options ?? []).forEach((option, i) => {
    if ((option.name ?? '') === '') errs.push(required(index(child(path, 'options'), i), 'must not be empty'));
  });
  return errs;
}

export function validateHostAliases(aliases: NonNullable<PodSpec['hostAliases']>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  aliases.forEach((alias, i) => {
    const at = index(path, i);
    const ip = alias.ip ?? '';
    errs.push(...validateIP(ip, child(at, 'ip')));
    (alias.hostnames ?? []).forEach((hostname, j) =>
      errs.push(...validateDNS1123Subdomain(hostname, index(child(at, 'hostnames'), j))),
    );
  });
  return errs;
}

export function validateReadinessGates(gates: NonNullable<PodSpec['readinessGates']>, path: string): FieldError[] {
  return gates.flatMap((gate, i) => validateQualifiedName(gate.conditionType ?? '', child(index(path, i), 'conditionType')));
}

export function validateSchedulingGates(gates: NonNullable<PodSpec['schedulingGates']>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  gates.forEach((gate, i) => {
    const name = gate.name ?? '';
    errs.push(...validateQualifiedName(name, index(path, i)));
    if (seen.has(name)) errs.push(duplicate(index(path, i), name));
    seen.add(name);
  });
  return errs;
}

export function validatePodResourceClaims(claims: NonNullable<PodSpec['resourceClaims']>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  claims.forEach((claim, i) => {
    const at = index(path, i);
    const name = claim.name ?? '';
    if (name === '') errs.push(required(child(at, 'name')));
    else if (names.has(name)) errs.push(duplicate(child(at, 'name'), name));
    else {
      errs.push(...validateDNS1123Label(name, child(at, 'name')));
      names.add(name);
    }
    const hasClaim = claim.resourceClaimName !== undefined;
    const hasTemplate = claim.resourceClaimTemplateName !== undefined;
    if (hasClaim && hasTemplate) {
      errs.push(invalidValue(at, claim, 'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified'));
    }
    if (!hasClaim && !hasTemplate) {
      errs.push(invalidValue(at, claim, 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'));
    }
    if (hasClaim) errs.push(...validateDNS1123Subdomain(claim.resourceClaimName ?? '', child(at, 'resourceClaimName')));
    if (hasTemplate) {
      errs.push(...validateDNS1123Subdomain(claim.resourceClaimTemplateName ?? '', child(at, 'resourceClaimTemplateName')));
    }
  });
  return errs;
}

/** spec.os: only linux and windows exist. */
export function validateOS(os: NonNullable<PodSpec['os']>, path: string): FieldError[] {
  const name = os.name ?? '';
  if (name === '') return [required(child(path, 'name'), 'cannot be empty')];
  return name === 'linux' || name === 'windows' ? [] : [notSupported(path, name, ['linux', 'windows'])];
}
