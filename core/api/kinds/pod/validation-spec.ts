import type { FieldError } from '../../errors.ts';
import { GenerationalCache } from '../../generational-cache.ts';
import { deepFreeze } from '../../types/deep-freeze.ts';
import { isRecord } from '../../types/meta.ts';
import { child, forbidden, index, invalidValue, required, typeInvalid } from '../../validation/field-errors.ts';
import { inclusiveRangeError } from '../../validation/names.ts';
import { validateAnnotations, validateLabels } from '../../validation/object-meta.ts';
import { validateDNS1123Label, validateDNS1123Subdomain } from '../support/checks.ts';
import { type Parsed, parseShape } from '../support/json-shape.ts';
import { defaultPodSpec } from './defaults.ts';
import { podSpec, type PodSpec } from './schema.ts';
import { validateContainers, validateInitContainers, type ContainerContext } from './validation-containers.ts';
import { validatePodSpecificAnnotations } from './validation-pod-annotations.ts';
import { validateContainerResources, validatePodResources } from './validation-resources.ts';
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from './validation-scheduling.ts';
import { validatePodSecurityContext } from './validation-security.ts';
import {
  validateDNSConfig,
  validateDNSPolicy,
  validateHostAliases,
  validateOS,
  validatePodResourceClaims,
  validatePreemptionPolicy,
  validateReadinessGates,
  validateRestartPolicy,
  validateSchedulingGates,
} from './validation-spec-misc.ts';
import { validateVolumes } from './validation-volumes.ts';
import { cloneJson } from '../../types/clone-json.ts';
import { withMembers } from '../../types/with-members.ts';

/** ValidatePodSpec and ValidatePodTemplateSpec over untyped JSON. */

const MAX_INT32 = 2 ** 31 - 1;

export interface PodSpecValidationOptions {
  /** the pod's name, known only for real pods; it names generic ephemeral volumes' claims */
  podName?: string;
  /** true when the spec belongs to a Pod rather than a template inside another object */
  resourceIsPod?: boolean;
}

/**
 * Validates a pod spec as Kubernetes does after decoding and defaulting. The checks run
 * on a defaulted copy, so callers may pass stored (already defaulted) or raw specs alike.
 */
export function validatePodSpec(spec: unknown, path: string, opts: PodSpecValidationOptions = {}): FieldError[] {
  const parsed = parsePodSpec(spec, path);
  return parsed.ok ? validateTypedPodSpec(parsed.value, path, opts) : parsed.errors;
}

/**
 * Pod specs are checked far more often than they differ: every pod a ReplicaSet
 * creates carries its template's spec, and every write of a Deployment or
 * ReplicaSet checks that template again. A check costs a deep copy,
 * defaulting, the type parse and ValidatePodSpec's walk; the spec's JSON text
 * costs a small part of that, so verdicts are remembered by it. A remembered
 * parse is shared, hence frozen: a caller changing it would throw rather than
 * corrupt the next verdict.
 */
/** at least 512 specs */
const REMEMBERED_SPECS = 1_024;
const parsedSpecs = new GenerationalCache<Parsed<PodSpec>>(REMEMBERED_SPECS);
const specErrors = new WeakMap<PodSpec, Map<string, readonly FieldError[]>>();

/**
 * The parse a bound pod's spec shares with its unbound twin: the binding gives every
 * pod a nodeName of its own, which would otherwise make each spec a new text.
 */
const nodeNameBases = new WeakMap<PodSpec, PodSpec>();

/** The spec, defaulted and type-checked (frozen: it may be shared), or its JSON type errors. */
export function parsePodSpec(spec: unknown, path: string): Parsed<PodSpec> {
  if (spec === undefined || spec === null) spec = {};
  if (!isRecord(spec)) return { ok: false, errors: [typeInvalid(path, spec, 'must be of type object')] };
  const { nodeName, ...unbound } = spec;
  if (typeof nodeName === 'string' && nodeName !== '') {
    const base = parseRemembered(unbound, path);
    // A spec with type errors is parsed whole, so that its errors are exactly the decoder's.
    if (!base.ok) return parseFresh(spec, path);
    const value: PodSpec = Object.freeze(withMembers(base.value, { nodeName }));
    nodeNameBases.set(value, base.value);
    return { ok: true, value };
  }
  return parseRemembered(spec, path);
}

function parseRemembered(spec: Record<string, unknown>, path: string): Parsed<PodSpec> {
  const key = `${path}\n${JSON.stringify(spec)}`;
  const remembered = parsedSpecs.get(key);
  if (remembered !== undefined) return remembered;
  const parsed = parseFresh(spec, path);
  // Only well-typed specs are remembered: the errors of the others are the caller's to extend.
  if (parsed.ok) parsedSpecs.set(key, deepFreeze(parsed));
  return parsed;
}

function parseFresh(spec: Record<string, unknown>, path: string): Parsed<PodSpec> {
  const copy = cloneJson(spec);
  defaultPodSpec(copy);
  return parseShape(podSpec, copy, path);
}

/** validateTypedPodSpec's verdict, remembered per parsed spec (see parsePodSpec) and options. */
export function validateTypedPodSpec(spec: PodSpec, path: string, opts: PodSpecValidationOptions): FieldError[] {
  const base = nodeNameBases.get(spec);
  if (base !== undefined) {
    const errors = validateTypedPodSpec(base, path, opts);
    errors.push(...validateDNS1123Subdomain(spec.nodeName ?? '', child(path, 'nodeName')));
    return errors;
  }
  // The pod's name enters the verdict only through ephemeral volumes' claim names.
  const podName = (spec.volumes ?? []).some((v) => v.ephemeral !== undefined) ? (opts.podName ?? '') : '';
  const key = `${path}\n${String(opts.resourceIsPod ?? false)}\n${podName}`;
  let verdicts = specErrors.get(spec);
  const remembered = verdicts?.get(key);
  if (remembered !== undefined) return [...remembered];
  const errors = checkTypedPodSpec(spec, path, opts);
  if (Object.isFrozen(spec)) {
    if (verdicts === undefined) specErrors.set(spec, (verdicts = new Map()));
    verdicts.set(key, [...errors]);
  }
  return errors;
}

function checkTypedPodSpec(spec: PodSpec, path: string, opts: PodSpecValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const resourceIsPod = opts.resourceIsPod ?? false;
  if (spec.terminationGracePeriodSeconds === undefined) errs.push(required(child(path, 'terminationGracePeriodSeconds')));
  const hostUsers = spec.hostUsers ?? true;

  const volumes = validateVolumes(spec.volumes ?? [], opts.podName, resourceIsPod, child(path, 'volumes'));
  errs.push(...volumes.errors);
  const claims = spec.resourceClaims ?? [];
  const podClaimNames = new Set(claims.map((c) => c.name ?? '').filter((n) => n !== ''));
  errs.push(...validatePodResourceClaims(claims, child(path, 'resourceClaims')));
  const ctx: ContainerContext = {
    volumes: volumes.byName,
    podClaimNames,
    gracePeriod: spec.terminationGracePeriodSeconds,
    restartPolicy: spec.restartPolicy ?? '',
    hostUsers,
  };
  const containers = spec.containers ?? [];
  errs.push(...validateContainers(containers, ctx, child(path, 'containers')));
  errs.push(...validateInitContainers(spec.initContainers ?? [], containers, ctx, child(path, 'initContainers')));
  errs.push(...validatePodResources(spec.resources, child(path, 'resources')));
  errs.push(...validateHostNetworkPorts(spec, resourceIsPod, path));
  errs.push(...validateRestartPolicy(spec.restartPolicy ?? '', child(path, 'restartPolicy')));
  errs.push(...validateDNSPolicy(spec.dnsPolicy ?? '', child(path, 'dnsPolicy')));
  errs.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  errs.push(...validatePodSecurityContext(spec.securityContext, spec, child(path, 'securityContext')));
  errs.push(...validateAffinity(spec.affinity, child(path, 'affinity')));
  errs.push(...validateDNSConfig(spec, child(path, 'dnsConfig')));
  errs.push(...validateReadinessGates(spec.readinessGates ?? [], child(path, 'readinessGates')));
  errs.push(...validateSchedulingGates(spec.schedulingGates ?? [], child(path, 'schedulingGates')));
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints ?? [], child(path, 'topologySpreadConstraints')));
  if (!hostUsers) {
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (spec[field] === true) errs.push(forbidden(child(path, field), 'when `pod.Spec.HostUsers` is false'));
    }
  }
  for (const field of ['serviceAccountName', 'nodeName', 'priorityClassName'] as const) {
    const value = spec[field] ?? '';
    if (value !== '') errs.push(...validateDNS1123Subdomain(value, child(path, field)));
  }
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    errs.push(invalidValue(child(path, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, MAX_INT32)));
  }
  for (const field of ['hostname', 'subdomain'] as const) {
    const value = spec[field] ?? '';
    if (value !== '') errs.push(...validateDNS1123Label(value, child(path, field)));
  }
  errs.push(...validateTolerations(spec.tolerations ?? [], child(path, 'tolerations')));
  errs.push(...validateHostAliases(spec.hostAliases ?? [], child(path, 'hostAliases')));
  if (spec.runtimeClassName !== undefined) {
    errs.push(...validateDNS1123Subdomain(spec.runtimeClassName, child(path, 'runtimeClassName')));
  }
  if (spec.preemptionPolicy !== undefined) errs.push(...validatePreemptionPolicy(spec.preemptionPolicy, child(path, 'preemptionPolicy')));
  if (spec.overhead !== undefined) errs.push(...validateContainerResources({ limits: spec.overhead }, new Set(), child(path, 'overhead')));
  if (spec.os !== undefined) errs.push(...validateOS(spec.os, child(path, 'os')));
  return errs;
}

/** With host networking a port is the host's port: hostPort must equal containerPort (0 allowed in templates). */
function validateHostNetworkPorts(spec: PodSpec, resourceIsPod: boolean, path: string): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errs: FieldError[] = [];
  (spec.containers ?? []).forEach((ctr, i) => {
    (ctr.ports ?? []).forEach((port, j) => {
      const hostPort = port.hostPort ?? 0;
      if ((resourceIsPod || hostPort !== 0) && hostPort !== (port.containerPort ?? 0)) {
        const at = child(index(child(index(child(path, 'containers'), i), 'ports'), j), 'hostPort');
        errs.push(invalidValue(at, hostPort, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

/**
 * ValidatePodTemplateSpec. Like Kubernetes, template label and annotation errors are
 * reported under `<path>.labels` / `<path>.annotations` (without `.metadata`).
 */
export function validatePodTemplateSpec(template: unknown, path: string): FieldError[] {
  if (template === undefined || template === null) template = {};
  if (!isRecord(template)) return [typeInvalid(path, template, 'must be of type object')];
  const meta = template['metadata'] ?? {};
  if (!isRecord(meta)) return [typeInvalid(child(path, 'metadata'), meta, 'must be of type object')];
  const errs = validateLabels(meta['labels'], child(path, 'labels'));
  errs.push(...validateAnnotations(meta['annotations'], child(path, 'annotations')));
  const parsed = parsePodSpec(template['spec'], child(path, 'spec'));
  if (!parsed.ok) return [...errs, ...parsed.errors];
  errs.push(...validatePodSpecificAnnotations(meta['annotations'], parsed.value, child(path, 'annotations')));
  errs.push(...validateTypedPodSpec(parsed.value, child(path, 'spec'), {}));
  if ((parsed.value.ephemeralContainers ?? []).length > 0) {
    errs.push(forbidden(child(child(path, 'spec'), 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}
