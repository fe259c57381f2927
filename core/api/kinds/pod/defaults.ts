import type { KubeObject } from '../../types/meta.ts';
import { isRecord } from '../../types/meta.ts';
import {
  defaultContainer,
  defaultFieldRef,
  defaultRequestsFromLimits,
  isUnset,
  isUnsetString,
  records,
} from './defaults-containers.ts';
import { defaultPullPolicy } from './image-reference.ts';
import { computePodQOS } from './qos.ts';
import { VOLUME_SOURCE_FIELDS } from './schema-volumes.ts';

/**
 * Pod defaulting: SetObjectDefaults_Pod of pkg/apis/core/v1 (generated from
 * SetDefaults_Pod, SetDefaults_PodSpec and the per-field defaulters), applied in place
 * to untyped JSON. Service account, priority and default tolerations are not here:
 * admission plugins set those.
 */

/** 0644: the file mode of secret, configMap, downwardAPI and projected volumes. */
const DEFAULT_FILE_MODE = 0o644;
const DEFAULT_TOKEN_EXPIRATION_SECONDS = 60 * 60;

export function defaultPod(obj: KubeObject): void {
  if (isUnset(obj['spec'])) obj['spec'] = {};
  const spec = obj['spec'];
  if (!isRecord(spec)) return;
  const allContainers = [...records(spec['containers']), ...records(spec['initContainers'])];
  for (const ctr of allContainers) defaultRequestsFromLimits(ctr);
  if (isUnset(spec['enableServiceLinks'])) spec['enableServiceLinks'] = true;
  if (spec['hostNetwork'] === true) {
    // With host networking every container port is a host port.
    for (const ctr of allContainers) {
      for (const port of records(ctr['ports'])) {
        if (isUnset(port['hostPort']) || port['hostPort'] === 0) port['hostPort'] = port['containerPort'];
      }
    }
  }
  defaultPodSpec(spec);
}

/** SetDefaults_PodSpec plus its nested defaulters; also what pod templates get. */
export function defaultPodSpec(spec: Record<string, unknown>): void {
  if (isUnsetString(spec['dnsPolicy'])) spec['dnsPolicy'] = 'ClusterFirst';
  if (isUnsetString(spec['restartPolicy'])) spec['restartPolicy'] = 'Always';
  if (isUnset(spec['securityContext'])) spec['securityContext'] = {};
  if (isUnset(spec['terminationGracePeriodSeconds'])) spec['terminationGracePeriodSeconds'] = 30;
  if (isUnsetString(spec['schedulerName'])) spec['schedulerName'] = 'default-scheduler';
  for (const volume of records(spec['volumes'])) defaultVolume(volume);
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const ctr of records(spec[field])) defaultContainer(ctr);
  }
}

function defaultVolume(volume: Record<string, unknown>): void {
  if (VOLUME_SOURCE_FIELDS.every((field) => isUnset(volume[field]))) volume['emptyDir'] = {};
  for (const field of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const source = volume[field];
    if (isRecord(source) && isUnset(source['defaultMode'])) source['defaultMode'] = DEFAULT_FILE_MODE;
  }
  const hostPath = volume['hostPath'];
  if (isRecord(hostPath) && isUnset(hostPath['type'])) hostPath['type'] = '';
  const downwardAPI = volume['downwardAPI'];
  if (isRecord(downwardAPI)) for (const item of records(downwardAPI['items'])) defaultFieldRef(item['fieldRef']);
  const projected = volume['projected'];
  if (isRecord(projected)) {
    for (const source of records(projected['sources'])) {
      const token = source['serviceAccountToken'];
      if (isRecord(token) && isUnset(token['expirationSeconds'])) token['expirationSeconds'] = DEFAULT_TOKEN_EXPIRATION_SECONDS;
      const downward = source['downwardAPI'];
      if (isRecord(downward)) for (const item of records(downward['items'])) defaultFieldRef(item['fieldRef']);
    }
  }
  const image = volume['image'];
  if (isRecord(image) && isUnsetString(image['pullPolicy'])) {
    image['pullPolicy'] = defaultPullPolicy(typeof image['reference'] === 'string' ? image['reference'] : '');
  }
}

/**
 * The status the pod registry gives every new pod (podStrategy.PrepareForCreate):
 * Pending, its QoS class, and the PodScheduled=False condition while scheduling gates remain.
 */
export function initialPodStatus(obj: KubeObject): void {
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  const status: Record<string, unknown> = { phase: 'Pending', qosClass: computePodQOS(spec) };
  if (Array.isArray(spec['schedulingGates']) && spec['schedulingGates'].length > 0) {
    status['conditions'] = [
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: null,
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
      },
    ];
  }
  obj['status'] = status;
}
