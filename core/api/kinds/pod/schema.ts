import { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import { isRecord } from '../../types/meta.ts';
import { index, key, typeInvalid } from '../../validation/field-errors.ts';
import { container, resourceRequirements, seccompProfile } from './schema-containers.ts';
import { bool, int, resourceList, str, strList, strMap } from './schema-primitives.ts';
import { affinity, topologySpreadConstraint, toleration } from './schema-scheduling.ts';
import { volume } from './schema-volumes.ts';

/** The JSON shape of core/v1 PodSpec, and the bridge from zod issues to Kubernetes field errors. */

const podSecurityContext = z.object({
  runAsUser: int.optional(),
  runAsGroup: int.optional(),
  runAsNonRoot: bool.optional(),
  fsGroup: int.optional(),
  fsGroupChangePolicy: str.optional(),
  supplementalGroups: z.array(int).optional(),
  sysctls: z.array(z.object({ name: str.optional(), value: str.optional() })).optional(),
  seccompProfile: seccompProfile.optional(),
});

export const podSpec = z.object({
  volumes: z.array(volume).optional(),
  initContainers: z.array(container).optional(),
  containers: z.array(container).optional(),
  ephemeralContainers: z.array(z.record(z.string(), z.unknown())).optional(),
  restartPolicy: str.optional(),
  terminationGracePeriodSeconds: int.optional(),
  activeDeadlineSeconds: int.optional(),
  dnsPolicy: str.optional(),
  nodeSelector: strMap.optional(),
  serviceAccountName: str.optional(),
  serviceAccount: str.optional(),
  automountServiceAccountToken: bool.optional(),
  nodeName: str.optional(),
  hostNetwork: bool.optional(),
  hostPID: bool.optional(),
  hostIPC: bool.optional(),
  shareProcessNamespace: bool.optional(),
  securityContext: podSecurityContext.optional(),
  imagePullSecrets: z.array(z.object({ name: str.optional() })).optional(),
  hostname: str.optional(),
  subdomain: str.optional(),
  affinity: affinity.optional(),
  schedulerName: str.optional(),
  tolerations: z.array(toleration).optional(),
  hostAliases: z.array(z.object({ ip: str.optional(), hostnames: strList.optional() })).optional(),
  priorityClassName: str.optional(),
  priority: int.optional(),
  dnsConfig: z
    .object({
      nameservers: strList.optional(),
      searches: strList.optional(),
      options: z.array(z.object({ name: str.optional(), value: str.optional() })).optional(),
    })
    .optional(),
  readinessGates: z.array(z.object({ conditionType: str.optional() })).optional(),
  runtimeClassName: str.optional(),
  enableServiceLinks: bool.optional(),
  preemptionPolicy: str.optional(),
  overhead: resourceList.optional(),
  topologySpreadConstraints: z.array(topologySpreadConstraint).optional(),
  setHostnameAsFQDN: bool.optional(),
  os: z.object({ name: str.optional() }).optional(),
  hostUsers: bool.optional(),
  schedulingGates: z.array(z.object({ name: str.optional() })).optional(),
  resources: resourceRequirements.optional(),
  resourceClaims: z
    .array(z.object({ name: str.optional(), resourceClaimName: str.optional(), resourceClaimTemplateName: str.optional() }))
    .optional(),
});

export type PodSpec = z.infer<typeof podSpec>;
export type PodSecurityContext = z.infer<typeof podSecurityContext>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Fields whose value is a map, so a key below them prints as `[key]` rather than `.key`. */
const MAP_FIELDS = new Set(['nodeSelector', 'limits', 'requests', 'overhead', 'matchLabels', 'labels', 'annotations']);

/**
 * Reads `value` as `schema`, or reports every JSON type mismatch as FieldValueTypeInvalid
 * under `path`. A JSON null counts as "not set", as it does for Go's decoder.
 */
export function parseShape<T>(schema: z.ZodType<T>, value: unknown, path: string): Parsed<T> {
  const result = schema.safeParse(withoutNulls(value), { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const errors = result.error.issues.map((issue) =>
    typeInvalid(issuePath(path, issue.path), issue.input, issueDetail(issue)),
  );
  return { ok: false, errors };
}

function issuePath(base: string, segments: readonly PropertyKey[]): string {
  let path = base;
  let previous = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path = index(path, segment);
    else if (MAP_FIELDS.has(previous)) path = key(path, String(segment));
    else path = path === '' ? String(segment) : `${path}.${String(segment)}`;
    previous = typeof segment === 'string' ? segment : '';
  }
  return path;
}

// Pod specs hold no floating-point fields, so any expected number is an integer.
const TYPE_NAMES: Record<string, string> = { int: 'integer', number: 'integer', record: 'object', map: 'object' };

function issueDetail(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `must be of type ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  return issue.message;
}

/** A copy without null-valued object members; Go decodes those as absent fields. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}
