import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';
import { child, forbidden, index, invalidValue, key, required } from '../../validation/field-errors.ts';
import { inclusiveRangeError } from '../../validation/names.ts';
import { validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { jsonEqual } from '../support/checks.ts';
import { records } from './defaults-containers.ts';
import { parsePodSpec } from './validation-spec.ts';
import { MIRROR_POD_ANNOTATION } from './validation-pod-annotations.ts';
import { defaultedCopy, validatePodMetadataAndSpec } from './validation-pod.ts';
import { validateTolerations } from './validation-scheduling.ts';
import { describeDiff } from './spec-diff.ts';
import { cloneJson } from '../../types/clone-json.ts';

/**
 * ValidatePodStatusUpdate: a status write carries the stored spec and
 * metadata (statusOnly), so only metadata's update rules apply; checking the
 * spec again, as a whole-pod update must, is what made a kubelet's status
 * write cost a full pod validation.
 */
export function validatePodStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata, 'metadata'), ...validateMirrorAnnotationUpdate(obj, old)];
}

/** ValidatePodUpdate: a running pod's spec is immutable but for a few fields. */

const MAX_INT32 = 2 ** 31 - 1;
const UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

export function validatePodUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, 'metadata');
  const checked = validatePodMetadataAndSpec(obj);
  errs.push(...checked.errors);
  errs.push(...validateMirrorAnnotationUpdate(obj, old));
  const previous = defaultedCopy(old);
  const oldParsed = parsePodSpec(previous['spec'], 'spec');
  const newSpec = checked.pod['spec'];
  const oldSpec = previous['spec'];
  if (checked.spec === undefined || !oldParsed.ok || !isRecord(newSpec) || !isRecord(oldSpec)) return errs;
  const spec = checked.spec;
  const before = oldParsed.value;

  for (const field of ['containers', 'initContainers'] as const) {
    const now = spec[field] ?? [];
    const was = before[field] ?? [];
    const at = child('spec', field);
    if (now.length !== was.length) {
      errs.push(forbidden(at, 'pod updates may not add or remove containers'));
      return errs;
    }
    now.forEach((ctr, i) => {
      const image = ctr.image ?? '';
      if (image === '') errs.push(required(child(index(at, i), 'image')));
      if (image.trim() !== image) errs.push(invalidValue(child(index(at, i), 'image'), image, 'must not have leading or trailing whitespace'));
    });
  }

  const deadlinePath = 'spec.activeDeadlineSeconds';
  if (spec.activeDeadlineSeconds !== undefined) {
    const deadline = spec.activeDeadlineSeconds;
    if (deadline < 0 || deadline > MAX_INT32) {
      errs.push(invalidValue(deadlinePath, deadline, inclusiveRangeError(0, MAX_INT32)));
      return errs;
    }
    if (before.activeDeadlineSeconds !== undefined && before.activeDeadlineSeconds < deadline) {
      errs.push(invalidValue(deadlinePath, deadline, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (before.activeDeadlineSeconds !== undefined) {
    errs.push(invalidValue(deadlinePath, null, 'must not update from a positive integer to nil value'));
  }

  errs.push(...validateOnlyAddedTolerations(newSpec['tolerations'], oldSpec['tolerations']));
  errs.push(...validateOnlyDeletedSchedulingGates(spec.schedulingGates ?? [], before.schedulingGates ?? []));
  if (jsonEqual(newSpec, oldSpec)) return errs;

  const munged = mungeUpdatableFields(newSpec, oldSpec, (before.schedulingGates ?? []).length > 0, errs);
  if (!jsonEqual(munged, oldSpec)) {
    const detail = `pod updates may not change fields other than ${UPDATABLE_FIELDS.join(',')}\n${describeDiff(oldSpec, munged)}`;
    errs.push(forbidden('spec', detail));
  }
  return errs;
}

/** The new spec with every field a pod update may change put back to its old value. */
function mungeUpdatableFields(
  newSpec: Record<string, unknown>,
  oldSpec: Record<string, unknown>,
  gated: boolean,
  errs: FieldError[],
): Record<string, unknown> {
  const munged = cloneJson(newSpec);
  for (const field of ['containers', 'initContainers']) {
    const was = records(oldSpec[field]);
    records(munged[field]).forEach((ctr, i) => {
      ctr['image'] = was[i]?.['image'];
    });
  }
  for (const field of ['activeDeadlineSeconds', 'schedulingGates', 'tolerations']) restore(munged, oldSpec, field);
  const oldGrace = oldSpec['terminationGracePeriodSeconds'];
  if (typeof oldGrace === 'number' && oldGrace < 0 && munged['terminationGracePeriodSeconds'] === 1) {
    munged['terminationGracePeriodSeconds'] = oldGrace;
  }
  // While scheduling gates remain, node selectors may still grow (but not change).
  if (gated && !jsonEqual(munged['nodeSelector'], oldSpec['nodeSelector'])) {
    const now = isRecord(munged['nodeSelector']) ? munged['nodeSelector'] : {};
    const was = isRecord(oldSpec['nodeSelector']) ? oldSpec['nodeSelector'] : {};
    if (Object.entries(was).some(([k, v]) => now[k] !== v)) {
      errs.push(invalidValue('spec.nodeSelector', now, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
    }
    restore(munged, oldSpec, 'nodeSelector');
  }
  return munged;
}

function restore(target: Record<string, unknown>, source: Record<string, unknown>, field: string): void {
  if (source[field] === undefined) delete target[field];
  else target[field] = cloneJson(source[field]);
}

/** Existing tolerations stay (only their tolerationSeconds may change); new ones may be added. */
function validateOnlyAddedTolerations(now: unknown, was: unknown): FieldError[] {
  const newList = records(now);
  for (const old of records(was)) {
    const kept = newList.some((t) => jsonEqual({ ...old, tolerationSeconds: t['tolerationSeconds'] }, t));
    if (!kept) return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  const parsed = parsePodSpec({ tolerations: newList }, 'spec');
  return parsed.ok ? validateTolerations(parsed.value.tolerations ?? [], 'spec.tolerations') : [];
}

function validateOnlyDeletedSchedulingGates(now: Array<{ name?: string | undefined }>, was: Array<{ name?: string | undefined }>): FieldError[] {
  const existing = new Set(was.map((g) => g.name ?? ''));
  const errs: FieldError[] = [];
  now.forEach((gate, i) => {
    const name = gate.name ?? '';
    if (!existing.has(name)) {
      errs.push(forbidden(child(index('spec.schedulingGates', i), 'name'), `only deletion is allowed, but found new scheduling gate '${name}'`));
    }
  });
  return errs;
}

function validateMirrorAnnotationUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const annotations = (o: KubeObject): Record<string, unknown> =>
    isRecord(o.metadata) && isRecord(o.metadata.annotations) ? o.metadata.annotations : {};
  const now = annotations(obj)[MIRROR_POD_ANNOTATION];
  const was = annotations(old)[MIRROR_POD_ANNOTATION];
  const at = key('metadata.annotations', MIRROR_POD_ANNOTATION);
  if (was !== undefined && now !== was) return [forbidden(at, 'may not remove or update mirror pod annotation')];
  if (was === undefined && now !== undefined) return [forbidden(at, 'may not add mirror pod annotation')];
  return [];
}
