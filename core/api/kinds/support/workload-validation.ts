import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';
import { child, forbidden, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { FIELD_IMMUTABLE_MESSAGE, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { parsePodSpec, validatePodTemplateSpec } from '../pod/validation-spec.ts';
import { defaultedView } from './admission-defaults.ts';
import { jsonEqual } from './checks.ts';
import type { LabelSelectorShape } from './json-shape.ts';
import { isEmptySelector, selectorMatches, validateLabelSelector } from './label-selector.ts';

/** What Deployments and ReplicaSets share: the object-level checks, the selector and the pod template it must select. */

/**
 * A workload's own parts. validateWorkload checks namespaced metadata with a DNS-subdomain
 * name and then the spec, both on a defaulted copy; an update also keeps the selector, as
 * the registry strategies demand.
 */
export interface WorkloadRules {
  applyDefaults(obj: KubeObject): void;
  validateSpec(spec: unknown, path: string): FieldError[];
}

export function validateWorkload(obj: KubeObject, rules: WorkloadRules): FieldError[] {
  const workload = defaultedCopy(obj, rules);
  const errs = validateObjectMeta(workload.metadata, { namespaced: true, validateName: isDNS1123Subdomain }, 'metadata');
  errs.push(...rules.validateSpec(workload['spec'], 'spec'));
  return errs;
}

export function validateWorkloadUpdate(obj: KubeObject, old: KubeObject, rules: WorkloadRules): FieldError[] {
  const workload = defaultedCopy(obj, rules);
  const previous = defaultedCopy(old, rules);
  const errs = validateObjectMetaUpdate(workload.metadata, previous.metadata, 'metadata');
  errs.push(...rules.validateSpec(workload['spec'], 'spec'));
  errs.push(...validateSelectorUnchanged(workload, previous));
  return errs;
}

/** apps/v1 forbids changing the selector (the registry strategy's ValidateImmutableField). */
function validateSelectorUnchanged(obj: KubeObject, old: KubeObject): FieldError[] {
  const selector = (o: KubeObject): unknown => (isRecord(o['spec']) ? o['spec']['selector'] : undefined);
  const now = selector(obj);
  return jsonEqual(now, selector(old)) ? [] : [invalidValue('spec.selector', now ?? null, FIELD_IMMUTABLE_MESSAGE)];
}

function defaultedCopy(obj: KubeObject, rules: WorkloadRules): KubeObject {
  return defaultedView(obj, rules.applyDefaults);
}

/**
 * spec.selector: required, valid, non-empty. `kindWord` is what the message calls the
 * object; Kubernetes says "deployment" for ReplicaSets too.
 */
export function validateWorkloadSelector(selector: LabelSelectorShape | undefined, path: string, kindWord: string): FieldError[] {
  if (selector === undefined) return [required(path)];
  const errs = validateLabelSelector(selector, path);
  if (isEmptySelector(selector)) errs.push(invalidValue(path, selector, `empty selector is invalid for ${kindWord}`));
  return errs;
}

/**
 * The selector (as LabelSelectorAsSelector converts it) must select the template, and
 * the template must be a valid pod template that always restarts. A selector that cannot
 * be converted is reported instead, and then the template goes unchecked, as in Kubernetes.
 */
export function validateSelectedTemplate(selector: LabelSelectorShape | undefined, template: unknown, path: string): FieldError[] {
  const templatePath = child(path, 'template');
  const labels = templateLabels(template);
  // A missing selector converts to "select nothing", which matches no template.
  const matches = selector === undefined ? false : selectorMatches(selector, labels);
  if (matches === 'invalid') return [invalidValue(child(path, 'selector'), selector, 'invalid label selector')];
  const errs: FieldError[] = [];
  const selectsEverything = selector !== undefined && isEmptySelector(selector);
  if (!selectsEverything && !matches) {
    errs.push(invalidValue(child(child(templatePath, 'metadata'), 'labels'), labels, '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, templatePath));
  const parsed = parsePodSpec(isRecord(template) ? template['spec'] : undefined, child(templatePath, 'spec'));
  if (!parsed.ok) return errs;
  const restartPolicy = parsed.value.restartPolicy ?? '';
  if (restartPolicy !== 'Always') {
    errs.push(notSupported(child(child(templatePath, 'spec'), 'restartPolicy'), restartPolicy, ['Always']));
  }
  if (parsed.value.activeDeadlineSeconds !== undefined) {
    errs.push(forbidden(child(child(templatePath, 'spec'), 'activeDeadlineSeconds'), 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return errs;
}

function templateLabels(template: unknown): Record<string, string> {
  const meta = isRecord(template) ? template['metadata'] : undefined;
  const labels = isRecord(meta) ? meta['labels'] : undefined;
  if (!isRecord(labels)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}
