import type { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { child, duplicate, forbidden, index, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain, isValidLabelValue } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { semanticEqual, validateQualifiedName } from '../support/checks.ts';
import { parseCIDR, validateCIDR } from '../support/cidr.ts';
import { parseShape } from '../support/json-shape.ts';
import { parseQuantityField, validateResourceQuantityValue } from '../support/quantity-checks.ts';
import { nodeShape, type taint } from './schema.ts';

/** core/v1 Node validation (pkg/apis/core/validation: ValidateNode, ValidateNodeUpdate). */

/** In Kubernetes' order, which is also how it lists them in errors. */
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const POD_CIDR_CHANGE = 'node updates may not change podCIDR except from "" to valid';
const PROVIDER_ID_CHANGE = 'node updates may not change providerID except from "" to valid';

type NodeBody = z.infer<typeof nodeShape>;

export function validateNode(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, validateName: isDNS1123Subdomain });
  const parsed = parseShape(nodeShape, obj, '');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  const node = parsed.value;
  // Kubernetes builds the taints' path from "metadata", so clients see metadata.taints[i].
  errs.push(...validateTaints(node.spec?.taints ?? [], 'metadata.taints'));
  errs.push(...validateResources(node));
  errs.push(...validatePodCIDRs(effectivePodCIDRs(node)));
  return errs;
}

/** podCIDR(s) and providerID may only go from unset to set; the deprecated externalID never changes. */
export function validateNodeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateNode(obj)];
  const parsed = parseShape(nodeShape, obj, '');
  const parsedOld = parseShape(nodeShape, old, '');
  if (!parsed.ok || !parsedOld.ok) return errs;
  const node = parsed.value;
  const before = parsedOld.value;

  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((address, i) => {
    const id = `${address.type ?? ''}\u0000${address.address ?? ''}`;
    if (seen.has(id)) errs.push(duplicate(index('status.addresses', i), address));
    seen.add(id);
  });

  const oldCIDRs = effectivePodCIDRs(before);
  const newCIDRs = effectivePodCIDRs(node);
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(forbidden('spec.podCIDRs', POD_CIDR_CHANGE));
    else oldCIDRs.forEach((cidr, i) => cidr !== newCIDRs[i] && errs.push(forbidden('spec.podCIDRs', POD_CIDR_CHANGE)));
  }
  const oldProvider = before.spec?.providerID ?? '';
  if (oldProvider !== '' && oldProvider !== (node.spec?.providerID ?? '')) {
    errs.push(forbidden('spec.providerID', PROVIDER_ID_CHANGE));
  }
  if (!semanticEqual(node.spec?.externalID, before.spec?.externalID)) errs.push(forbidden('spec.externalID', 'may not be updated'));
  return errs;
}

/** The internal list Kubernetes validates: podCIDRs, or the lone legacy podCIDR. */
function effectivePodCIDRs(node: NodeBody): string[] {
  const list = node.spec?.podCIDRs ?? [];
  if (list.length > 0) return list;
  const single = node.spec?.podCIDR ?? '';
  return single === '' ? [] : [single];
}

/** Taints are unique by key and effect; keys are label names, values label values. */
export function validateTaints(taints: ReadonlyArray<z.infer<typeof taint>>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const at = index(path, i);
    const key = t.key ?? '';
    const effect = t.effect ?? '';
    errs.push(...validateQualifiedName(key, child(at, 'key')));
    const valueProblems = isValidLabelValue(t.value ?? '');
    if (valueProblems.length > 0) errs.push(invalidValue(child(at, 'value'), t.value ?? '', valueProblems.join(';')));
    if (effect === '') errs.push(required(child(at, 'effect')));
    else if (!TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(at, 'effect'), effect, TAINT_EFFECTS));
    const id = `${effect}\u0000${key}`;
    if (seen.has(id)) {
      const dup = duplicate(at, t);
      errs.push({ ...dup, message: `${dup.message}: taints must be unique by key and effect pair` });
      return;
    }
    seen.add(id);
  });
  return errs;
}

/** Capacity and allocatable: never negative, whole numbers for countable resources. Paths are dotted, as in Kubernetes. */
function validateResources(node: NodeBody): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ['capacity', 'allocatable'] as const) {
    for (const [resource, value] of Object.entries(node.status?.[list] ?? {})) {
      const at = `status.${list}.${resource}`;
      const parsed = parseQuantityField(value, at);
      if (!parsed.ok) errs.push(...parsed.errors);
      else errs.push(...validateResourceQuantityValue(resource, parsed.quantity, at));
    }
  }
  return errs;
}

/** Every CIDR valid, at most one per IP family, none repeated. */
function validatePodCIDRs(cidrs: readonly string[]): FieldError[] {
  const path = 'spec.podCIDRs';
  const errs = cidrs.flatMap((cidr, i) => validateCIDR(cidr, index(path, i)));
  if (cidrs.length <= 1 || errs.length > 0) return errs;
  const families = new Set(cidrs.map((cidr) => parseCIDR(cidr)?.family));
  if (cidrs.length > 2 || families.size !== cidrs.length) {
    errs.push(invalidValue(path, cidrs, 'may specify no more than one CIDR for each IP family'));
  }
  const seen = new Set<string>();
  cidrs.forEach((cidr, i) => {
    if (seen.has(cidr)) errs.push(duplicate(index(path, i), cidr));
    seen.add(cidr);
  });
  return errs;
}
