import type { z } from 'zod';
import { anyObject, bool, int, list, resourceList, str, strList, strMap, struct } from '../support/json-shape.ts';
import { container, resourceRequirements, seccompProfile } from './schema-containers.ts';
import { affinity, topologySpreadConstraint, toleration } from './schema-scheduling.ts';
import { volume } from './schema-volumes.ts';

/** The JSON shape of core/v1 PodSpec. */

const podSecurityContext = struct({
  runAsUser: int.optional(),
  runAsGroup: int.optional(),
  runAsNonRoot: bool.optional(),
  fsGroup: int.optional(),
  fsGroupChangePolicy: str.optional(),
  supplementalGroups: list(int).optional(),
  sysctls: list(struct({ name: str.optional(), value: str.optional() })).optional(),
  seccompProfile: seccompProfile.optional(),
});

export const podSpec = struct({
  volumes: list(volume).optional(),
  initContainers: list(container).optional(),
  containers: list(container).optional(),
  ephemeralContainers: list(anyObject).optional(),
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
  imagePullSecrets: list(struct({ name: str.optional() })).optional(),
  hostname: str.optional(),
  subdomain: str.optional(),
  affinity: affinity.optional(),
  schedulerName: str.optional(),
  tolerations: list(toleration).optional(),
  hostAliases: list(struct({ ip: str.optional(), hostnames: strList.optional() })).optional(),
  priorityClassName: str.optional(),
  priority: int.optional(),
  dnsConfig: struct({
    nameservers: strList.optional(),
    searches: strList.optional(),
    options: list(struct({ name: str.optional(), value: str.optional() })).optional(),
  }).optional(),
  readinessGates: list(struct({ conditionType: str.optional() })).optional(),
  runtimeClassName: str.optional(),
  enableServiceLinks: bool.optional(),
  preemptionPolicy: str.optional(),
  overhead: resourceList.optional(),
  topologySpreadConstraints: list(topologySpreadConstraint).optional(),
  setHostnameAsFQDN: bool.optional(),
  os: struct({ name: str.optional() }).optional(),
  hostUsers: bool.optional(),
  schedulingGates: list(struct({ name: str.optional() })).optional(),
  resources: resourceRequirements.optional(),
  resourceClaims: list(struct({ name: str.optional(), resourceClaimName: str.optional(), resourceClaimTemplateName: str.optional() }))
    .optional(),
});

export type PodSpec = z.infer<typeof podSpec>;
export type PodSecurityContext = z.infer<typeof podSecurityContext>;
