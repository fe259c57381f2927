import { isRecord, type KubeObject, type LabelSelector, type ObjectMeta } from '../../api/types/meta.ts';

/**
 * Typed views of the apps/v1 and core/v1 objects the workload controllers
 * read. Objects reach controllers as untyped JSON from the informer caches;
 * the guards below check the fields these controllers rely on, so the rest of
 * the code reads them without casts. The API server validated the specs; the
 * guards only make sure nothing odd (a status written by someone else) slips
 * through as the wrong type.
 */

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: Record<string, unknown>;
}

export interface ReplicaSetCondition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
}

export interface ReplicaSet extends KubeObject {
  spec: ReplicaSetSpec;
  status?: ReplicaSetStatus;
}

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string | null;
}

export interface ContainerStatus {
  restartCount?: number;
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  containerStatuses?: ContainerStatus[];
}

export interface Pod extends KubeObject {
  spec?: { nodeName?: string } & Record<string, unknown>;
  status?: PodStatus;
}

function optional(value: unknown, check: (v: unknown) => boolean): boolean {
  return value === undefined || value === null || check(value);
}

const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): boolean => typeof v === 'string';

function isRecordArray(value: unknown, each: (item: Record<string, unknown>) => boolean): boolean {
  return Array.isArray(value) && value.every((item) => isRecord(item) && each(item));
}

function isCondition(c: Record<string, unknown>): boolean {
  return typeof c['type'] === 'string' && (c['status'] === 'True' || c['status'] === 'False' || c['status'] === 'Unknown');
}

/** Status fields of ReplicaSets and Deployments share their shape: counters and conditions. */
export function isWorkloadStatus(value: unknown, counters: readonly string[]): boolean {
  if (value === undefined || value === null) return true;
  if (!isRecord(value)) return false;
  return counters.every((name) => optional(value[name], isNumber)) && optional(value['conditions'], (c) => isRecordArray(c, isCondition));
}

export function isPodTemplate(value: unknown): value is PodTemplateSpec {
  if (!isRecord(value)) return false;
  return optional(value['metadata'], isRecord) && optional(value['spec'], isRecord);
}

const RS_COUNTERS = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const;

export function isReplicaSet(obj: KubeObject): obj is ReplicaSet {
  const spec = obj['spec'];
  if (!isRecord(spec)) return false;
  return (
    optional(spec['replicas'], isNumber) &&
    optional(spec['minReadySeconds'], isNumber) &&
    optional(spec['selector'], isRecord) &&
    optional(spec['template'], isPodTemplate) &&
    isWorkloadStatus(obj['status'], RS_COUNTERS)
  );
}

/**
 * Objects already found pod-shaped. Informer caches hand out the same object
 * until a watch event replaces it, and a ReplicaSet sync looks at each of its
 * pods every time (thousands, many times a second during a rollout), so the
 * check is done once per object version: 14 ns a look against 60 ns a
 * check. The mark is a hidden property on the object (non-enumerable and
 * symbol-keyed: no serialisation, spread or comparison sees it). A WeakSet of
 * every pod version seen did the same, but its growth past 87,000 and 175,000
 * entries stalled the event loop 30 to 45 ms each time, and every major GC
 * walks its entries. A frozen object (the tests freeze every shared version)
 * cannot take the mark and is remembered in the WeakSet instead.
 */
const POD_SHAPED = Symbol('kubernel.podShaped');
const frozenPodShaped = new WeakSet<KubeObject>();

export function isPod(obj: KubeObject): obj is Pod {
  if ((obj as { [POD_SHAPED]?: true })[POD_SHAPED] === true) return true;
  const extensible = Object.isExtensible(obj);
  if (!extensible && frozenPodShaped.has(obj)) return true;
  if (!hasPodShape(obj)) return false;
  if (extensible) Object.defineProperty(obj, POD_SHAPED, { value: true });
  else frozenPodShaped.add(obj);
  return true;
}

/**
 * isPod for a version looked at once, as an event handler looks at the
 * versions it is handed: the mark if it is there, else the check, without
 * marking. Marking (a defineProperty, which also changes the object's
 * hidden class) costs more than the check it spares, and only the versions
 * a ReplicaSet sync scans again and again are worth it.
 */
export function isPodOnce(obj: KubeObject): obj is Pod {
  return (obj as { [POD_SHAPED]?: true })[POD_SHAPED] === true || hasPodShape(obj);
}

function hasPodShape(obj: KubeObject): boolean {
  const spec = obj['spec'];
  const status = obj['status'];
  if (!optional(spec, isRecord) || !optional(status, isRecord)) return false;
  if (isRecord(spec) && !optional(spec['nodeName'], isString)) return false;
  if (!isRecord(status)) return true;
  return (
    optional(status['phase'], isString) &&
    optional(status['conditions'], (c) => isRecordArray(c, (item) => typeof item['type'] === 'string' && typeof item['status'] === 'string')) &&
    optional(status['containerStatuses'], (c) => isRecordArray(c, (item) => optional(item['restartCount'], isNumber)))
  );
}

/** The pods of a list that have the shape controllers read; anything else is skipped. */
export function podsOf(objects: readonly KubeObject[]): Pod[] {
  return objects.filter(isPod);
}

/** `spec.replicas`, which defaulting sets to 1 when omitted. */
export function desiredReplicas(rs: { spec: { replicas?: number } }): number {
  return rs.spec.replicas ?? 1;
}
