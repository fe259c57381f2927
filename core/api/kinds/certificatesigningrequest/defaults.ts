import { isRecord, type KubeObject } from '../../types/meta.ts';
import { cloneJson } from '../../types/clone-json.ts';

/** certificates/v1 SetDefaults_CertificateSigningRequestCondition: a condition without status is True. */
export function defaultCertificateSigningRequest(obj: KubeObject): void {
  const status = obj['status'];
  if (!isRecord(status) || !Array.isArray(status['conditions'])) return;
  for (const condition of status['conditions']) {
    if (isRecord(condition) && (condition['status'] === undefined || condition['status'] === '')) condition['status'] = 'True';
  }
}

/**
 * PrepareForCreate: nobody creates a pre-approved request, so the status
 * starts empty. spec.username, groups and uid are the server's to set from
 * the requesting user (core/server/certificates does it for HTTP requests).
 */
export function prepareCertificateSigningRequestForCreate(obj: KubeObject): void {
  obj['status'] = {};
}

/** PrepareForUpdate of the main resource: requests are immutable after creation, except through subresources. */
export function prepareCertificateSigningRequestForUpdate(obj: KubeObject, old: KubeObject): void {
  if (old['spec'] === undefined) delete obj['spec'];
  else obj['spec'] = cloneJson(old['spec']);
}
