import type { FieldError } from '../../errors.ts';
import { child, duplicate, forbidden, index, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { isValidLabelValue } from '../../validation/names.ts';
import { NOT_POSITIVE_MESSAGE, validateDNS1123Label, validateDNS1123Subdomain } from '../support/checks.ts';
import type { LabelSelectorShape, NodeSelectorRequirement, NodeSelectorTerm } from '../support/json-shape.ts';
import { validateLabelName, validateLabelSelector } from '../support/label-selector.ts';
import type {
  Affinity,
  PodAffinityTerm,
  Toleration,
  TopologySpreadConstraint,
  WeightedPodAffinityTerm,
} from './schema-scheduling.ts';

/** Tolerations, affinity and topology spread constraints. */

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];

export function validateTolerations(tolerations: Toleration[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const at = index(path, i);
    const tolKey = t.key ?? '';
    const operator = t.operator ?? '';
    const value = t.value ?? '';
    const effect = t.effect ?? '';
    if (tolKey !== '') errs.push(...validateLabelName(tolKey, child(at, 'key')));
    if (tolKey === '' && operator !== 'Exists') {
      errs.push(
        invalidValue(child(at, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'),
      );
    }
    if (t.tolerationSeconds !== undefined && effect !== 'NoExecute') {
      errs.push(invalidValue(child(at, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const problems = isValidLabelValue(value);
      if (problems.length > 0) errs.push(invalidValue(child(at, 'operator'), value, problems.join(';')));
    } else if (operator === 'Exists') {
      if (value !== '') errs.push(invalidValue(child(at, 'operator'), value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(child(at, 'operator'), operator, ['Equal', 'Exists']));
    }
    if (effect !== '' && !TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(at, 'effect'), effect, TAINT_EFFECTS));
  });
  return errs;
}

export function validateAffinity(affinity: Affinity | undefined, path: string): FieldError[] {
  if (affinity === undefined) return [];
  const errs: FieldError[] = [];
  const node = affinity.nodeAffinity;
  if (node !== undefined) {
    const nodePath = child(path, 'nodeAffinity');
    const requiredTerms = node.requiredDuringSchedulingIgnoredDuringExecution;
    if (requiredTerms !== undefined) {
      const termsPath = child(child(nodePath, 'requiredDuringSchedulingIgnoredDuringExecution'), 'nodeSelectorTerms');
      const terms = requiredTerms.nodeSelectorTerms ?? [];
      if (terms.length === 0) errs.push(required(termsPath, 'must have at least one node selector term'));
      terms.forEach((term, i) => errs.push(...validateNodeSelectorTerm(term, false, index(termsPath, i))));
    }
    const preferredPath = child(nodePath, 'preferredDuringSchedulingIgnoredDuringExecution');
    (node.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
      const at = index(preferredPath, i);
      const weight = term.weight ?? 0;
      if (weight <= 0 || weight > 100) errs.push(invalidValue(child(at, 'weight'), weight, 'must be in the range 1-100'));
      // Invalid label values are tolerated here: a preference can still succeed on a one-node cluster.
      errs.push(...validateNodeSelectorTerm(term.preference ?? {}, true, child(at, 'preference')));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const podAffinity = affinity[kind];
    if (podAffinity === undefined) continue;
    const at = child(path, kind);
    const requiredPath = child(at, 'requiredDuringSchedulingIgnoredDuringExecution');
    (podAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) =>
      errs.push(...validatePodAffinityTerm(term, index(requiredPath, i))),
    );
    const preferredPath = child(at, 'preferredDuringSchedulingIgnoredDuringExecution');
    (podAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) =>
      errs.push(...validateWeightedTerm(term, index(preferredPath, i))),
    );
  }
  return errs;
}

function validateNodeSelectorTerm(term: NodeSelectorTerm, allowInvalidValues: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((req, i) =>
    errs.push(...validateNodeSelectorRequirement(req, allowInvalidValues, index(child(path, 'matchExpressions'), i))),
  );
  (term.matchFields ?? []).forEach((req, i) => errs.push(...validateNodeFieldRequirement(req, index(child(path, 'matchFields'), i))));
  return errs;
}

function validateNodeSelectorRequirement(req: NodeSelectorRequirement, allowInvalidValues: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values = req.values ?? [];
  const valuesPath = child(path, 'values');
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(required(valuesPath, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalidValue(child(path, 'operator'), req.operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(req.key ?? '', child(path, 'key')));
  if (!allowInvalidValues) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalidValue(index(valuesPath, i), v, msg));
    });
  }
  return errs;
}

/** Node field selectors only know metadata.name, with exactly one value. */
function validateNodeFieldRequirement(req: NodeSelectorRequirement, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values = req.values ?? [];
  if (req.operator === 'In' || req.operator === 'NotIn') {
    if (values.length !== 1) {
      errs.push(required(child(path, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
  } else {
    errs.push(invalidValue(child(path, 'operator'), req.operator ?? '', 'not a valid selector operator'));
  }
  if (req.key !== 'metadata.name') {
    errs.push(invalidValue(child(path, 'key'), req.key ?? '', 'not a valid field selector key'));
  } else {
    values.forEach((v, i) => errs.push(...validateDNS1123Subdomain(v, index(child(path, 'values'), i))));
  }
  return errs;
}

function validateWeightedTerm(term: WeightedPodAffinityTerm, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const weight = term.weight ?? 0;
  if (weight <= 0 || weight > 100) errs.push(invalidValue(child(path, 'weight'), weight, 'must be in the range 1-100'));
  errs.push(...validatePodAffinityTerm(term.podAffinityTerm ?? {}, child(path, 'podAffinityTerm')));
  return errs;
}

function validatePodAffinityTerm(term: PodAffinityTerm, path: string): FieldError[] {
  const errs = validateLabelSelector(term.labelSelector, child(path, 'labelSelector'));
  errs.push(...validateLabelSelector(term.namespaceSelector, child(path, 'namespaceSelector')));
  for (const ns of term.namespaces ?? []) {
    errs.push(...validateDNS1123Label(ns, child(path, 'namespace')));
  }
  errs.push(...validateMatchLabelKeys(term, path));
  const topologyKey = term.topologyKey ?? '';
  if (topologyKey === '') errs.push(required(child(path, 'topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(topologyKey, child(path, 'topologyKey')));
  return errs;
}

function validateMatchLabelKeys(term: PodAffinityTerm, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const matchKeys = term.matchLabelKeys ?? [];
  const mismatchKeys = term.mismatchLabelKeys ?? [];
  for (const [field, keys] of [['matchLabelKeys', matchKeys], ['mismatchLabelKeys', mismatchKeys]] as const) {
    if (keys.length === 0) continue;
    if (term.labelSelector === undefined) errs.push(forbidden(child(path, field), 'must not be specified when labelSelector is not set'));
    else keys.forEach((k, i) => errs.push(...validateLabelName(k, index(child(path, field), i))));
  }
  matchKeys.forEach((k, i) => {
    if (mismatchKeys.includes(k)) {
      errs.push(invalidValue(index(child(path, 'matchLabelKeys'), i), k, 'exists in both matchLabelKeys and mismatchLabelKeys'));
    }
  });
  return errs;
}

export function validateTopologySpreadConstraints(constraints: TopologySpreadConstraint[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  constraints.forEach((c, i) => {
    const at = index(path, i);
    const maxSkew = c.maxSkew ?? 0;
    if (maxSkew <= 0) errs.push(invalidValue(child(at, 'maxSkew'), maxSkew, NOT_POSITIVE_MESSAGE));
    if ((c.topologyKey ?? '') === '') errs.push(required(child(at, 'topologyKey'), 'can not be empty'));
    const action = c.whenUnsatisfiable ?? '';
    if (!WHEN_UNSATISFIABLE.includes(action)) errs.push(notSupported(child(at, 'whenUnsatisfiable'), action, WHEN_UNSATISFIABLE));
    const repeated = constraints
      .slice(i + 1)
      .some((other) => (other.topologyKey ?? '') === (c.topologyKey ?? '') && (other.whenUnsatisfiable ?? '') === action);
    if (repeated) errs.push(duplicate(child(at, '{topologyKey, whenUnsatisfiable}'), `{${c.topologyKey ?? ''}, ${action}}`));
    if (c.minDomains !== undefined) {
      const minPath = child(at, 'minDomains');
      if (c.minDomains <= 0) errs.push(invalidValue(minPath, c.minDomains, NOT_POSITIVE_MESSAGE));
      if (action !== 'DoNotSchedule') {
        errs.push(invalidValue(minPath, c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
      }
    }
    for (const field of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const policy = c[field];
      if (policy !== undefined && !NODE_INCLUSION_POLICIES.includes(policy)) {
        errs.push(notSupported(child(at, field), policy, NODE_INCLUSION_POLICIES));
      }
    }
    errs.push(...validateTopologyMatchLabelKeys(c.matchLabelKeys ?? [], c.labelSelector, child(at, 'matchLabelKeys')));
    errs.push(...validateLabelSelector(c.labelSelector, child(at, 'labelSelector')));
  });
  return errs;
}

function validateTopologyMatchLabelKeys(keys: string[], selector: LabelSelectorShape | undefined, path: string): FieldError[] {
  if (keys.length === 0) return [];
  const errs: FieldError[] = [];
  if (selector === undefined) errs.push(forbidden(path, 'must not be specified when labelSelector is not set'));
  const selectorKeys = new Set([
    ...Object.keys(selector?.matchLabels ?? {}),
    ...(selector?.matchExpressions ?? []).map((e) => e.key ?? ''),
  ]);
  keys.forEach((k, i) => {
    errs.push(...validateLabelName(k, index(path, i)));
    if (selectorKeys.has(k)) errs.push(invalidValue(index(path, i), k, 'exists in both matchLabelKeys and labelSelector'));
  });
  return errs;
}
