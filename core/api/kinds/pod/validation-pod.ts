import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';
import { child, forbidden, index, invalidValue } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { validateObjectMeta } from '../../validation/object-meta.ts';
import { defaultedView } from '../support/admission-defaults.ts';
import { defaultPod } from './defaults.ts';
import type { PodSpec } from './schema.ts';
import { validatePodSpecificAnnotations } from './validation-pod-annotations.ts';
import { parsePodSpec, validateTypedPodSpec } from './validation-spec.ts';

/** The checks pod creates and updates share (validatePodMetadataAndSpec). */

export interface PodCheck {
  errors: FieldError[];
  /** the defaulted copy that was validated */
  pod: KubeObject;
  /** the typed spec, when it had no JSON type errors */
  spec: PodSpec | undefined;
}

/** validatePodMetadataAndSpec: what creates and updates both check. */
export function validatePodMetadataAndSpec(obj: KubeObject): PodCheck {
  const pod = defaultedCopy(obj);
  const errors = validateObjectMeta(pod.metadata, { namespaced: true, validateName: isDNS1123Subdomain }, 'metadata');
  const parsed = parsePodSpec(pod['spec'], 'spec');
  if (!parsed.ok) return { errors: [...errors, ...parsed.errors], pod, spec: undefined };
  const spec = parsed.value;
  const meta: Record<string, unknown> = isRecord(pod.metadata) ? pod.metadata : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : undefined;
  errors.push(...validatePodSpecificAnnotations(meta['annotations'], spec, 'metadata.annotations'));
  errors.push(...validateTypedPodSpec(spec, 'spec', { podName: name, resourceIsPod: true }));

  if ((spec.serviceAccountName ?? '') === '') {
    (spec.volumes ?? []).forEach((volume, vi) => {
      (volume.projected?.sources ?? []).forEach((source, si) => {
        if (source.serviceAccountToken === undefined) return;
        const at = `spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`;
        errors.push(forbidden(at, 'must not be specified when serviceAccountName is not set'));
      });
    });
  }
  for (const field of ['containers', 'initContainers'] as const) {
    (spec[field] ?? []).forEach((ctr, i) => {
      const image = ctr.image ?? '';
      if (image.trim() !== image) {
        errors.push(invalidValue(child(index(child('spec', field), i), 'image'), image, 'must not have leading or trailing whitespace'));
      }
    });
  }
  return { errors, pod, spec };
}

/** A deep copy with pod defaults applied, or the pod itself when admission has just defaulted it; validation only reads it. */
export function defaultedCopy(obj: KubeObject): KubeObject {
  return defaultedView(obj, defaultPod);
}
