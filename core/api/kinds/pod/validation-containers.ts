import type { FieldError } from '../../errors.ts';
import { child, duplicate, forbidden, index, invalidValue, notSupported, required } from '../../validation/field-errors.ts';
import { isValidPortName } from '../../validation/names.ts';
import { validateDNS1123Label, validatePortNum, validateProtocol } from '../support/checks.ts';
import type { Container, ContainerPort } from './schema-containers.ts';
import type { Volume } from './schema-volumes.ts';
import { validatePullPolicy } from './validation-common.ts';
import { validateEnv, validateEnvFrom } from './validation-env.ts';
import { validateVolumeDevices, validateVolumeMounts } from './validation-mounts.ts';
import { validateLifecycle, validateProbeOfKind } from './validation-probes.ts';
import { validateContainerResources } from './validation-resources.ts';
import { validateContainerSecurityContext } from './validation-security.ts';

/** Regular and init containers (validateContainers, validateInitContainers, validateContainerCommon). */

export interface ContainerContext {
  volumes: ReadonlyMap<string, Volume>;
  podClaimNames: ReadonlySet<string>;
  gracePeriod: number | undefined;
  restartPolicy: string;
  hostUsers: boolean;
}

const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const RESIZE_RESOURCES = ['cpu', 'memory'];
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'];

export function validateContainers(containers: Container[], ctx: ContainerContext, path: string): FieldError[] {
  if (containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((ctr, i) => {
    const at = index(path, i);
    errs.push(...validateContainerCommon(ctr, ctx, at));
    const name = ctr.name ?? '';
    // Clashes with init containers are reported there, so each is reported once.
    if (names.has(name)) errs.push(duplicate(child(at, 'name'), name));
    else names.add(name);
    if (ctr.lifecycle !== undefined) errs.push(...validateLifecycle(ctr.lifecycle, ctx.gracePeriod, child(at, 'lifecycle')));
    errs.push(...validateProbeOfKind('liveness', ctr.livenessProbe, ctx.gracePeriod, child(at, 'livenessProbe')));
    errs.push(...validateProbeOfKind('readiness', ctr.readinessProbe, ctx.gracePeriod, child(at, 'readinessProbe')));
    errs.push(...validateProbeOfKind('startup', ctr.startupProbe, ctx.gracePeriod, child(at, 'startupProbe')));
    if (ctr.restartPolicy !== undefined) errs.push(forbidden(child(at, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(containers, path));
  return errs;
}

export function validateInitContainers(
  initContainers: Container[],
  containers: Container[],
  ctx: ContainerContext,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(containers.map((c) => c.name ?? ''));
  initContainers.forEach((ctr, i) => {
    const at = index(path, i);
    errs.push(...validateContainerCommon(ctr, ctx, at));
    let restartable = false;
    if (ctr.restartPolicy !== undefined) {
      if (ctr.restartPolicy === 'Always') restartable = true;
      else errs.push(notSupported(child(at, 'restartPolicy'), ctr.restartPolicy, ['Always']));
    }
    const name = ctr.name ?? '';
    if (names.has(name)) errs.push(duplicate(child(at, 'name'), name));
    else if (name !== '') names.add(name);
    // Init containers run one at a time, so only conflicts within one of them matter.
    errs.push(...checkHostPortConflicts([ctr], path));
    if (restartable) {
      if (ctr.lifecycle !== undefined) errs.push(...validateLifecycle(ctr.lifecycle, ctx.gracePeriod, child(at, 'lifecycle')));
      errs.push(...validateProbeOfKind('liveness', ctr.livenessProbe, ctx.gracePeriod, child(at, 'livenessProbe')));
      errs.push(...validateProbeOfKind('readiness', ctr.readinessProbe, ctx.gracePeriod, child(at, 'readinessProbe')));
      errs.push(...validateProbeOfKind('startup', ctr.startupProbe, ctx.gracePeriod, child(at, 'startupProbe')));
    } else {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (ctr[field] !== undefined) {
          errs.push(forbidden(child(at, field), 'may not be set for init containers without restartPolicy=Always'));
        }
      }
    }
  });
  return errs;
}

function validateContainerCommon(ctr: Container, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = ctr.name ?? '';
  if (name === '') errs.push(required(child(path, 'name')));
  else errs.push(...validateDNS1123Label(name, child(path, 'name')));
  if ((ctr.image ?? '') === '') errs.push(required(child(path, 'image')));

  const policy = ctr.terminationMessagePolicy ?? '';
  if (policy === '') errs.push(required(child(path, 'terminationMessagePolicy')));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(policy)) {
    errs.push(notSupported(child(path, 'terminationMessagePolicy'), policy, TERMINATION_MESSAGE_POLICIES));
  }
  errs.push(...validateContainerPorts(ctr.ports ?? [], child(path, 'ports')));
  errs.push(...validateEnv(ctr.env ?? [], child(path, 'env')));
  errs.push(...validateEnvFrom(ctr.envFrom ?? [], child(path, 'envFrom')));
  errs.push(...validateVolumeMounts(ctr, ctx.volumes, child(path, 'volumeMounts')));
  errs.push(...validateVolumeDevices(ctr, ctx.volumes, child(path, 'volumeDevices')));
  errs.push(...validatePullPolicy(ctr.imagePullPolicy ?? '', child(path, 'imagePullPolicy')));
  errs.push(...validateContainerResources(ctr.resources, ctx.podClaimNames, child(path, 'resources')));
  errs.push(...validateResizePolicy(ctr.resizePolicy ?? [], ctx.restartPolicy, child(path, 'resizePolicy')));
  errs.push(...validateContainerSecurityContext(ctr.securityContext, ctx.hostUsers, child(path, 'securityContext')));
  return errs;
}

export function validateContainerPorts(ports: ContainerPort[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const at = index(path, i);
    const name = port.name ?? '';
    if (name !== '') {
      const problems = isValidPortName(name);
      if (problems.length > 0) for (const msg of problems) errs.push(invalidValue(child(at, 'name'), name, msg));
      else if (names.has(name)) errs.push(duplicate(child(at, 'name'), name));
      else names.add(name);
    }
    const containerPort = port.containerPort ?? 0;
    if (containerPort === 0) errs.push(required(child(at, 'containerPort')));
    else errs.push(...validatePortNum(containerPort, child(at, 'containerPort')));
    const hostPort = port.hostPort ?? 0;
    if (hostPort !== 0) errs.push(...validatePortNum(hostPort, child(at, 'hostPort')));
    errs.push(...validateProtocol(port.protocol, child(at, 'protocol')));
  });
  return errs;
}

/** The same protocol/hostIP/hostPort may be claimed once per pod. */
function checkHostPortConflicts(containers: Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((ctr, ci) => {
    (ctr.ports ?? []).forEach((port, pi) => {
      const hostPort = port.hostPort ?? 0;
      if (hostPort === 0) return;
      const id = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${hostPort}`;
      if (seen.has(id)) errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), id));
      else seen.add(id);
    });
  });
  return errs;
}

function validateResizePolicy(policies: NonNullable<Container['resizePolicy']>, restartPolicy: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  policies.forEach((p, i) => {
    const resource = p.resourceName ?? '';
    const policy = p.restartPolicy ?? '';
    if (seen.has(resource)) errs.push(duplicate(index(path, i), resource));
    seen.add(resource);
    if (resource === '') errs.push(required(path));
    else if (!RESIZE_RESOURCES.includes(resource)) errs.push(notSupported(path, resource, RESIZE_RESOURCES));
    if (policy === '') errs.push(required(path));
    else if (!RESIZE_POLICIES.includes(policy)) errs.push(notSupported(path, policy, RESIZE_POLICIES));
    if (restartPolicy === 'Never' && policy !== 'NotRequired') {
      errs.push(invalidValue(path, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  });
  return errs;
}
