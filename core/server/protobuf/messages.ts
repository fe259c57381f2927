import { APPS_MESSAGES } from './messages-apps.ts';
import { CERTIFICATES_MESSAGES } from './messages-certificates.ts';
import { CONTAINER_MESSAGES } from './messages-container.ts';
import { CORE_MESSAGES } from './messages-core.ts';
import { META_MESSAGES } from './messages-meta.ts';
import { NODE_MESSAGES } from './messages-node.ts';
import { POD_MESSAGES } from './messages-pod.ts';
import { SERVICE_MESSAGES } from './messages-service.ts';
import { STORAGE_MESSAGES } from './messages-storage.ts';
import { VOLUME_MESSAGES } from './messages-volume.ts';
import type { MessageSpec } from './schema.ts';

/**
 * Every message table, by message name. The tables are split by area (one
 * file each) only to keep them readable; names are unique across them
 * (messages.test.ts checks that, and that every referenced message exists).
 */
export const MESSAGE_TABLES: Readonly<Record<string, Readonly<Record<string, MessageSpec>>>> = {
  meta: META_MESSAGES,
  core: CORE_MESSAGES,
  pod: POD_MESSAGES,
  container: CONTAINER_MESSAGES,
  volume: VOLUME_MESSAGES,
  storage: STORAGE_MESSAGES,
  service: SERVICE_MESSAGES,
  node: NODE_MESSAGES,
  apps: APPS_MESSAGES,
  certificates: CERTIFICATES_MESSAGES,
};

export const MESSAGES: Readonly<Record<string, MessageSpec>> = Object.fromEntries(Object.values(MESSAGE_TABLES).flatMap((table) => Object.entries(table)));

/**
 * Top-level kinds by `apiVersion/kind`: everything this server serves that a
 * client-go typed client sends as protobuf (kubectl 1.32: create deployment,
 * create service, debug (a Pod), drain (DeleteOptions)...), plus the bodies of
 * the subresources it serves. Any other kind sent as protobuf is a 415.
 */
export const PROTOBUF_KINDS: Readonly<Record<string, string>> = {
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/Namespace': 'Namespace',
  'v1/ServiceAccount': 'ServiceAccount',
  'v1/Pod': 'Pod',
  'v1/Service': 'Service',
  'v1/Endpoints': 'Endpoints',
  'v1/Node': 'Node',
  'v1/Event': 'Event',
  'v1/PersistentVolume': 'PersistentVolume',
  'v1/PersistentVolumeClaim': 'PersistentVolumeClaim',
  'v1/Binding': 'Binding',
  'apps/v1/Deployment': 'Deployment',
  'apps/v1/ReplicaSet': 'ReplicaSet',
  'coordination.k8s.io/v1/Lease': 'Lease',
  'discovery.k8s.io/v1/EndpointSlice': 'EndpointSlice',
  'autoscaling/v1/Scale': 'Scale',
  // kubectl certificate approve|deny: PUT certificatesigningrequests/NAME/approval.
  'certificates.k8s.io/v1/CertificateSigningRequest': 'CertificateSigningRequest',
  'policy/v1/Eviction': 'Eviction',
  'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget',
  // kubectl drain falls back to policy/v1beta1 on older servers; the message is the same.
  'policy/v1beta1/Eviction': 'Eviction',
};

/**
 * meta/v1 option types that client-go registers in every group version, so a
 * typed client labels them with the version of the resource it talks to
 * (`v1 DeleteOptions` for pods, `apps/v1 DeleteOptions` for deployments).
 */
export const PROTOBUF_OPTIONS_KINDS: Readonly<Record<string, string>> = {
  DeleteOptions: 'DeleteOptions',
};

/** The message a protobuf body of this apiVersion and kind holds, if this server can decode it. */
export function messageForKind(apiVersion: string, kind: string): string | undefined {
  return PROTOBUF_KINDS[`${apiVersion}/${kind}`] ?? PROTOBUF_OPTIONS_KINDS[kind];
}
