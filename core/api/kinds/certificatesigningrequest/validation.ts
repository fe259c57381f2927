/**
 * certificates.k8s.io/v1 CertificateSigningRequest validation
 * (pkg/apis/certificates/validation): a request that parses and is signed by
 * its own key, usages, a signer name, sane conditions and certificate PEM.
 */
import type { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { duplicate, forbidden, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { decodeBase64, isStdBase64 } from '../support/base64.ts';
import { int, list, mapOf, parseShape, str, strList, struct, timestamp } from '../support/json-shape.ts';
import { certificatePemProblem } from './certificate-pem.ts';
import { checkRequestSignature, parseCertificateRequest } from './certificate-request.ts';
import { validateConditions } from './condition-validation.ts';
import { KEY_USAGES, LEGACY_UNKNOWN_SIGNER } from './csr-fields.ts';
import { validateSignerName } from './signer-name.ts';

const conditionShape = struct({
  type: str.optional(),
  status: str.optional(),
  reason: str.optional(),
  message: str.optional(),
  lastUpdateTime: timestamp.optional(),
  lastTransitionTime: timestamp.optional(),
});

const csrShape = struct({
  spec: struct({
    request: str.optional(),
    signerName: str.optional(),
    expirationSeconds: int.optional(),
    usages: strList.optional(),
    username: str.optional(),
    uid: str.optional(),
    groups: strList.optional(),
    extra: mapOf(strList).optional(),
  }).optional(),
  status: struct({ conditions: list(conditionShape).optional(), certificate: str.optional() }).optional(),
});

type CsrShape = NonNullable<ReturnType<typeof readCsr>>;

/** What updates may carry over from a stored object that predates a rule (getValidationOptions). */
interface Tolerations {
  legacySignerName: boolean;
  unknownUsages: boolean;
  duplicateUsages: boolean;
  bothApprovedAndDenied: boolean;
  duplicateConditionTypes: boolean;
  emptyConditionType: boolean;
  arbitraryCertificate: boolean;
}

const STRICT: Tolerations = {
  legacySignerName: false,
  unknownUsages: false,
  duplicateUsages: false,
  bothApprovedAndDenied: false,
  duplicateConditionTypes: false,
  emptyConditionType: false,
  arbitraryCertificate: false,
};

export function validateCertificateSigningRequest(obj: KubeObject): FieldError[] {
  return validate(obj, STRICT);
}

/**
 * An update. The main resource cannot change spec or status (PrepareForUpdate
 * and the pipeline keep both), so what changes arrives through the status or
 * approval subresource; the rules here are the union of those two:
 * conditions and the certificate may be set, never removed or replaced.
 */
export function validateCertificateSigningRequestUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const before = readCsr(old) ?? {};
  const after = readCsr(obj);
  const errs = [...validate(obj, tolerationsFrom(before, after)), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
  if (after === undefined) return errs;
  for (const type of ['Approved', 'Denied', 'Failed']) {
    const count = (csr: CsrShape): number => (csr.status?.conditions ?? []).filter((c) => c.type === type).length;
    if (count(after) < count(before)) errs.push(forbidden('status.conditions', `updates may not remove a condition of type "${type}"`));
  }
  const oldCertificate = before.status?.certificate ?? '';
  if ((after.status?.certificate ?? '') !== oldCertificate && oldCertificate !== '') {
    errs.push(forbidden('status.certificate', 'updates may not modify existing certificate content'));
  }
  return errs;
}

function readCsr(obj: unknown): z.infer<typeof csrShape> | undefined {
  const parsed = parseShape(csrShape, obj, '', ['extra']);
  return parsed.ok ? parsed.value : undefined;
}

function validate(obj: KubeObject, tolerate: Tolerations): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, validateName: pathSegmentNameProblems });
  const parsed = parseShape(csrShape, obj, '', ['extra']);
  if (!parsed.ok) return [...errs, ...parsed.errors];
  const spec = parsed.value.spec ?? {};
  errs.push(...validateRequest(spec.request ?? ''));
  const usages = spec.usages ?? [];
  if (usages.length === 0) errs.push(required('spec.usages'));
  const seen = new Set<string>();
  usages.forEach((usage, i) => {
    if (!tolerate.unknownUsages && !KEY_USAGES.includes(usage)) errs.push(notSupported(`spec.usages[${i}]`, usage, KEY_USAGES));
    if (!tolerate.duplicateUsages && seen.has(usage)) errs.push(duplicate(`spec.usages[${i}]`, usage));
    seen.add(usage);
  });
  const signerName = spec.signerName ?? '';
  if (!tolerate.legacySignerName && signerName === LEGACY_UNKNOWN_SIGNER) {
    errs.push(invalidValue('spec.signerName', signerName, 'the legacy signerName is not allowed via this API version'));
  } else {
    errs.push(...validateSignerName(signerName, 'spec.signerName'));
  }
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds < 600) {
    errs.push(invalidValue('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 600 seconds (10 minutes)'));
  }
  errs.push(...validateConditions(parsed.value.status?.conditions ?? [], 'status.conditions', tolerate));
  const certificate = parsed.value.status?.certificate ?? '';
  if (!tolerate.arbitraryCertificate && certificate !== '') {
    const problem = isStdBase64(certificate) ? certificatePemProblem(decodeBase64(certificate)) : 'must be a base64-encoded string';
    if (problem !== undefined) errs.push(invalidValue('status.certificate', '<certificate data>', problem));
  }
  return errs;
}

function validateRequest(request: string): FieldError[] {
  if (!isStdBase64(request)) return [invalidValue('spec.request', request, 'must be a base64-encoded string')];
  const parsed = parseCertificateRequest(decodeBase64(request));
  const problem = parsed.ok ? checkRequestSignature(parsed.value) : parsed.error;
  return problem === undefined ? [] : [invalidValue('spec.request', request, problem)];
}

function tolerationsFrom(before: CsrShape, after: CsrShape | undefined): Tolerations {
  const conditions = before.status?.conditions ?? [];
  const types = conditions.map((c) => c.type ?? '');
  const usages = before.spec?.usages ?? [];
  const oldCertificate = before.status?.certificate ?? '';
  return {
    legacySignerName: before.spec?.signerName === LEGACY_UNKNOWN_SIGNER,
    unknownUsages: usages.some((u) => !KEY_USAGES.includes(u)),
    duplicateUsages: new Set(usages).size !== usages.length,
    bothApprovedAndDenied: types.includes('Approved') && types.includes('Denied'),
    duplicateConditionTypes: new Set(types).size !== types.length,
    emptyConditionType: types.includes(''),
    arbitraryCertificate:
      (after?.status?.certificate ?? '') === oldCertificate ||
      (oldCertificate !== '' && (!isStdBase64(oldCertificate) || certificatePemProblem(decodeBase64(oldCertificate)) !== undefined)),
  };
}

/** ValidateCertificateRequestName accepts any name; the generic registry still requires a usable path segment. */
function pathSegmentNameProblems(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const problems: string[] = [];
  if (name.includes('/')) problems.push("may not contain '/'");
  if (name.includes('%')) problems.push("may not contain '%'");
  return problems;
}
