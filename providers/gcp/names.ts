/**
 * Compute Engine's naming rules and the identifiers Kubernel derives from
 * them: instance names, label keys and values, and Kubernetes' providerID
 * for GCE machines (`gce://<project>/<zone>/<instance>`, as the GCE cloud
 * provider writes it into `Node.spec.providerID`).
 */

/** RFC 1035 names as Compute Engine takes them for instances: 1 to 63 characters. */
const INSTANCE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** GCE label keys: a lowercase letter first, then lowercase letters, digits, `_` and `-`; at most 63. */
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
/** GCE label values: lowercase letters, digits, `_` and `-`; at most 63, empty allowed. */
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

/** The GCE labels every Kubernel machine carries (GCE keys allow no `.` or `/`, so not `kubernel.dev/...`). */
export const GceLabels = {
  cluster: 'kubernel-cluster',
  pool: 'kubernel-node-pool',
  claim: 'kubernel-node-claim',
} as const;

export const PROVIDER_ID_SCHEME = 'gce://';

export function isInstanceName(name: string): boolean {
  return INSTANCE_NAME.test(name);
}

export function isLabelKey(key: string): boolean {
  return LABEL_KEY.test(key);
}

export function isLabelValue(value: string): boolean {
  return LABEL_VALUE.test(value);
}

export function providerIdOf(project: string, zone: string, instance: string): string {
  return `${PROVIDER_ID_SCHEME}${project}/${zone}/${instance}`;
}

export interface InstanceRef {
  project: string;
  zone: string;
  instance: string;
}

/** The parts of a `gce://project/zone/name` providerID; undefined when it is not one. */
export function parseProviderId(providerId: string): InstanceRef | undefined {
  if (!providerId.startsWith(PROVIDER_ID_SCHEME)) return undefined;
  const parts = providerId.slice(PROVIDER_ID_SCHEME.length).split('/');
  if (parts.length !== 3) return undefined;
  const [project, zone, instance] = parts;
  if (project === undefined || zone === undefined || instance === undefined) return undefined;
  if (project === '' || zone === '' || !isInstanceName(instance)) return undefined;
  return { project, zone, instance };
}

/** `e2-standard-4` of `https://www.googleapis.com/compute/v1/projects/p/zones/z/machineTypes/e2-standard-4`. */
export function lastSegment(url: string): string {
  const slash = url.lastIndexOf('/');
  return slash === -1 ? url : url.slice(slash + 1);
}

/** The machine family, the name without its size: `e2-standard` of `e2-standard-4`, `n2d-highmem` of `n2d-highmem-8`. */
export function familyOf(machineType: string): string {
  return machineType.replace(/-\d+$/, '');
}

/** The series, the name's first part: `t2a` of `t2a-standard-4`. */
export function seriesOf(machineType: string): string {
  const dash = machineType.indexOf('-');
  return dash === -1 ? machineType : machineType.slice(0, dash);
}
