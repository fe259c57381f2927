import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { namespaceOf, validateQualifiedName } from '../support/checks.ts';
import { int, objectReference, parseShape, str, struct, timestamp } from '../support/json-shape.ts';

/**
 * core/v1 Event validation: legacyValidateEvent of pkg/apis/core/validation/events.go,
 * which is all Kubernetes applies to Events written through the core API. Events with an
 * `eventTime` come from the new events API clients and must say who reported what.
 */

const REPORTING_INSTANCE_MAX = 128;
const ACTION_MAX = 128;
const REASON_MAX = 128;
const NOTE_MAX = 1024;
export const EVENT_TYPES = ['Normal', 'Warning'];

const eventShape = struct({
  involvedObject: objectReference.optional(),
  reason: str.optional(),
  message: str.optional(),
  source: struct({ component: str.optional(), host: str.optional() }).optional(),
  firstTimestamp: timestamp.optional(),
  lastTimestamp: timestamp.optional(),
  count: int.optional(),
  type: str.optional(),
  eventTime: timestamp.optional(),
  series: struct({ count: int.optional(), lastObservedTime: timestamp.optional() }).optional(),
  action: str.optional(),
  related: objectReference.optional(),
  reportingComponent: str.optional(),
  reportingInstance: str.optional(),
});

export function validateEvent(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, validateName: isDNS1123Subdomain });
  const parsed = parseShape(eventShape, obj, '');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  const event = parsed.value;
  const namespace = namespaceOf(obj);

  if (event.involvedObject === undefined) {
    errs.push(required('involvedObject'));
  }
  const involvedNamespace = event.involvedObject?.namespace ?? '';
  if ((event.eventTime ?? '') === '') {
    // Cluster-scoped objects' events live in "default" (or nowhere, for very old clients).
    const matches = involvedNamespace === '' ? namespace === '' || namespace === 'default' : namespace === involvedNamespace;
    if (!matches) errs.push(invalidValue('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));
  } else {
    if (involvedNamespace === '' && namespace !== 'default' && namespace !== 'kube-system') {
      errs.push(invalidValue('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));
    }
    const reporter = event.reportingComponent ?? '';
    if (reporter === '') errs.push(required('reportingComponent'));
    errs.push(...validateQualifiedName(reporter, 'reportingComponent'));
    errs.push(...requiredWithin(event.reportingInstance, 'reportingInstance', REPORTING_INSTANCE_MAX));
    errs.push(...requiredWithin(event.action, 'action', ACTION_MAX));
    errs.push(...requiredWithin(event.reason, 'reason', REASON_MAX));
    if ((event.message ?? '').length > NOTE_MAX) {
      errs.push(invalidValue('message', '', `can have at most ${NOTE_MAX} characters`));
    }
  }

  // Kubernetes' core API stores any type; clients only ever send these two, and so must ours.
  if (event.type !== undefined && event.type !== '' && !EVENT_TYPES.includes(event.type)) {
    errs.push(notSupported('type', event.type, EVENT_TYPES));
  }
  return errs;
}

/** Recorders update count and lastTimestamp in place, so nothing of a core/v1 Event is immutable. */
export function validateEventUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateEvent(obj)];
}

function requiredWithin(value: string | undefined, path: string, max: number): FieldError[] {
  const text = value ?? '';
  if (text === '') return [required(path)];
  return text.length > max ? [invalidValue(path, '', `can have at most ${max} characters`)] : [];
}
