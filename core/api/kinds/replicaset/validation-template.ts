import type { FieldError } from '../../errors.ts';
import { isRecord } from '../../types/meta.ts';
import { child, forbidden, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import type { LabelSelectorShape } from '../pod/schema-primitives.ts';
import { isEmptySelector, selectorMatches, validateLabelSelector } from '../pod/validation-label-selector.ts';
import { parsePodSpec, validatePodTemplateSpec } from '../pod/validation-spec.ts';

/** What ReplicaSets and Deployments share: their selector and the pod template it must select. */

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
