import type { KubeObject, ManagedFieldsEntry } from '../types/meta.ts';
import { isRecord } from '../types/meta.ts';
import type { FieldsV1 } from './field-set.ts';
import { FieldSet } from './field-set.ts';
import { rootSchema } from './patch-strategy.ts';
import { compareObjects } from './typed-compare.ts';
import { fieldsChangedFrom } from './create-fields.ts';
import { toFieldSet } from './typed-fields.ts';
import { GenerationalCache } from '../generational-cache.ts';
import { withMembers } from '../types/with-members.ts';

export type { FieldsV1 } from './field-set.ts';

/**
 * `metadata.managedFields` as kube-apiserver keeps them (k8s.io/apimachinery
 * pkg/util/managedfields): one entry per manager identity, each owning a set of fields.
 */

/** One manager's ownership, decoded. */
export interface ManagerFields {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  fields: FieldSet;
  /** the stored `fieldsV1` that `fields` was decoded from: encoded again as it is while `fields` is that very set */
  decodedFrom?: { fields: FieldSet; fieldsV1: FieldsV1 };
}

/** Managers by identity: appliers are one identity whatever apiVersion they use, updaters one per apiVersion. */
export type ManagedFields = Map<string, ManagerFields>;

export function managerIdentity(entry: Pick<ManagerFields, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const apiVersion = entry.operation === 'Apply' ? '' : entry.apiVersion;
  return JSON.stringify([entry.manager, entry.operation, apiVersion, entry.subresource ?? '']);
}

/** Decodes stored entries; throws with Kubernetes' message on an invalid one. */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): ManagedFields {
  const managed: ManagedFields = new Map();
  (entries ?? []).forEach((entry, index) => {
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (entry.apiVersion === undefined || entry.apiVersion === '') throw new Error('apiVersion must not be empty');
    if (entry.fieldsType === undefined) throw new Error(`missing fieldsType in managed fields entry ${index}`);
    if (entry.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType "${String(entry.fieldsType)}" in managed fields entry ${index}`);
    const fieldsV1 = entry.fieldsV1 ?? {};
    const { fields, canonical } = decodeFieldsV1(fieldsV1);
    const decoded: ManagerFields = {
      manager: entry.manager ?? '',
      operation: entry.operation,
      apiVersion: entry.apiVersion,
      fields,
    };
    if (canonical) decoded.decodedFrom = { fields, fieldsV1 };
    if (entry.subresource !== undefined && entry.subresource !== '') decoded.subresource = entry.subresource;
    if (entry.time !== undefined) decoded.time = entry.time;
    managed.set(managerIdentity(decoded), decoded);
  });
  return managed;
}

/**
 * Decoded sets by their serialisation. Objects made from one template carry the
 * same sets (every pod of a ReplicaSet, every lease of a kubelet), and decoding
 * one is far dearer than serialising it. Sets are never changed once built, so
 * they are shared.
 */
const decodedSets = new Map<string, DecodedFields>();
const DECODED_SETS_KEPT = 4096;
const DECODED_OBJECTS_KEPT = 8192;

interface DecodedFields {
  fields: FieldSet;
  /** whether encoding `fields` gives the very same fieldsV1 (element order, `.` markers): then that may be kept as it is */
  canonical: boolean;
}

/**
 * Decoded sets by the very fieldsV1 object, for frozen ones only (which
 * cannot change under their key): the encodings this process made, which
 * the objects it stored and shares carry. An update of such an object finds
 * its entries here without serialising each to look it up by text.
 *
 * Bounded, not weak: a set whose members name values (a pod's podIP, a
 * node's addresses) is unique to its object, and kept for every object the
 * informers hold it was a quarter of the live heap's objects (590,000
 * FieldSets with 16,000 pods and 5,000 nodes), which every major GC marks.
 * The objects updated soon after a write, which are the ones that gain
 * from it, stay within the bound.
 */
const decodedObjects = new GenerationalCache<DecodedFields, object>(DECODED_OBJECTS_KEPT);

function decodeFieldsV1(fieldsV1: unknown): DecodedFields {
  const frozen = isRecord(fieldsV1) && Object.isFrozen(fieldsV1) ? fieldsV1 : undefined;
  const same = frozen === undefined ? undefined : decodedObjects.get(frozen);
  if (same !== undefined) return same;
  const text = JSON.stringify(fieldsV1);
  let decoded = decodedSets.get(text);
  if (decoded === undefined) {
    const fields = FieldSet.fromFieldsV1(fieldsV1);
    decoded = { fields, canonical: JSON.stringify(fields.toFieldsV1()) === text };
    // Dropping the oldest half at the cap keeps the cost of eviction off most calls.
    if (decodedSets.size >= DECODED_SETS_KEPT) for (const key of [...decodedSets.keys()].slice(0, DECODED_SETS_KEPT / 2)) decodedSets.delete(key);
    decodedSets.set(text, decoded);
  }
  if (frozen !== undefined) decodedObjects.set(frozen, decoded);
  return decoded;
}

/** `fields` encoded, remembered as what decoding the encoding gives (toFieldsV1's encodings are frozen and canonical). */
function encodeFields(fields: FieldSet): FieldsV1 {
  const encoded = fields.toFieldsV1();
  if (decodedObjects.get(encoded) === undefined) decodedObjects.set(encoded, { fields, canonical: true });
  return encoded;
}

function seconds(time: string | undefined): number {
  return time === undefined ? 0 : Math.floor(Date.parse(time) / 1000);
}

/** Encodes entries in Kubernetes' order: appliers first, then by time, manager, apiVersion, subresource. */
export function encodeManagedFields(managed: ManagedFields): ManagedFieldsEntry[] {
  const entries = [...managed.values()].filter((entry) => !entry.fields.isEmpty());
  entries.sort(
    (a, b) =>
      a.operation.localeCompare(b.operation) ||
      seconds(a.time) - seconds(b.time) ||
      compareText(a.manager, b.manager) ||
      compareText(a.apiVersion, b.apiVersion) ||
      compareText(a.subresource ?? '', b.subresource ?? ''),
  );
  return entries.map((entry) => {
    const encoded: ManagedFieldsEntry = { manager: entry.manager, operation: entry.operation, apiVersion: entry.apiVersion };
    if (entry.time !== undefined) encoded.time = entry.time;
    encoded.fieldsType = 'FieldsV1';
    encoded.fieldsV1 = entry.decodedFrom?.fields === entry.fields ? entry.decodedFrom.fieldsV1 : encodeFields(entry.fields);
    if (entry.subresource !== undefined) encoded.subresource = entry.subresource;
    return encoded;
  });
}

function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Fields no manager owns: identity and server-managed metadata (the stripMeta manager's set). */
const STRIPPED = FieldSet.fromPaths([
  ['f:apiVersion'],
  ['f:kind'],
  ['f:metadata'],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map(
    (field) => ['f:metadata', `f:${field}`],
  ),
]);

export function stripMeta(fields: FieldSet): FieldSet {
  return fields.difference(STRIPPED);
}

const STRIPPED_PATHS = STRIPPED.paths();

/**
 * Fields a write cannot change through the endpoint it used (the strategy's reset fields):
 * status through the main resource, spec through /status.
 */
export function resetFields(subresource: string | undefined): FieldSet {
  const field = resetTopLevelField(subresource);
  return field === undefined ? new FieldSet() : FieldSet.fromPaths([[`f:${field}`]]);
}

/** The top-level field that resetFields(subresource) drops with everything under it. */
function resetTopLevelField(subresource: string | undefined): string | undefined {
  if (subresource === 'status') return 'spec';
  if (subresource === undefined || subresource === '') return 'status';
  return undefined;
}

/**
 * What recordUpdate compares: `obj` without managedFields and without its
 * reset field. Every change found under the reset field would be dropped
 * again, so leaving it out changes nothing but the cost: a pod's status
 * write no longer walks its spec, nor a spec write its status.
 */
function comparable(obj: unknown, subresource: string | undefined): unknown {
  const reset = resetTopLevelField(subresource);
  if (reset === undefined || !isRecord(obj) || !(reset in obj)) return withoutManagedFields(obj);
  const { [reset]: _reset, ...rest } = obj;
  return withoutManagedFields(rest);
}

/**
 * The fields an object sets, as a `fieldsV1` tree: leaves, empty maps, atomic values and the
 * items of keyed and set lists, without server-managed metadata or status.
 */
export function computeFieldSet(obj: unknown, kindKey: string): FieldsV1 {
  const fields = toFieldSet(withoutManagedFields(obj), rootSchema(kindKey));
  return stripMeta(fields.recursiveDifference(resetFields(undefined))).toFieldsV1();
}

export function withoutManagedFields(obj: unknown): unknown {
  if (!isRecord(obj) || !isRecord(obj.metadata) || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return withMembers(obj, { metadata });
}

/** Kubernetes keeps at most this many Update managers; older ones fold into "ancient-changes". */
const MAX_UPDATE_MANAGERS = 10;

export function capUpdateManagers(managed: ManagedFields): void {
  const updaters = [...managed.entries()].filter(([, entry]) => entry.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  updaters.sort(([idA, a], [idB, b]) => seconds(a.time) - seconds(b.time) || compareText(idA, idB));
  let remaining = updaters.length;
  const firstByVersion = new Map<string, string>();
  for (const [id, entry] of updaters) {
    if (remaining <= MAX_UPDATE_MANAGERS) break;
    const first = firstByVersion.get(entry.apiVersion);
    if (first === undefined) {
      firstByVersion.set(entry.apiVersion, id);
      continue;
    }
    const bucketEntry: Omit<ManagerFields, 'fields'> = { manager: 'ancient-changes', operation: 'Update', apiVersion: entry.apiVersion };
    const bucketId = managerIdentity(bucketEntry);
    let bucket = managed.get(bucketId);
    if (bucket === undefined) {
      const firstEntry = managed.get(first);
      managed.delete(first);
      bucket = { ...bucketEntry, fields: firstEntry?.fields ?? new FieldSet() };
    }
    const merged: ManagerFields = { ...bucket, fields: bucket.fields.union(entry.fields) };
    if (entry.time !== undefined) merged.time = entry.time;
    managed.delete(id);
    managed.set(bucketId, merged);
    remaining--;
  }
}

/**
 * What a create is compared with: the Go zero value of the kind as JSON, where non-pointer
 * structs and non-omitempty lists already exist, so a create does not mark them with `.`.
 */
export function createBaseline(kindKey: string): Record<string, unknown> {
  const podTemplate = { metadata: {}, spec: { containers: null } };
  switch (kindKey) {
    case 'apps/Deployment':
      return { metadata: {}, spec: { template: podTemplate, strategy: {} }, status: {} };
    case 'apps/StatefulSet':
    case 'apps/DaemonSet':
      return { metadata: {}, spec: { template: podTemplate, updateStrategy: {} }, status: {} };
    case 'apps/ReplicaSet':
    case 'batch/Job':
      return { metadata: {}, spec: { template: podTemplate }, status: {} };
    case 'batch/CronJob':
      return { metadata: {}, spec: { jobTemplate: { metadata: {}, spec: { template: podTemplate } } }, status: {} };
    case '/PodTemplate':
      return { metadata: {}, template: podTemplate };
    case '/Pod':
      return { metadata: {}, spec: { containers: null }, status: {} };
    default:
      return { metadata: {}, spec: {}, status: {} };
  }
}

export interface UpdateOptions {
  manager: string;
  operation: 'Update';
  kindKey: string;
  apiVersion: string;
  now: string;
  subresource?: string;
}

/**
 * Records, in `updated.metadata.managedFields`, that `opts.manager` owns the fields this write
 * (create, update, or a non-apply patch) added or changed; other managers lose them. Mirrors
 * FieldManager.UpdateNoErrors: an object that was never tracked stays untracked, managedFields
 * sent as `[]` or `[{}]` reset tracking, and bad entries are dropped rather than failing the write.
 */
export function updateManagedFields(old: KubeObject | undefined, updated: KubeObject, opts: UpdateOptions): void {
  try {
    if (old === undefined && opts.subresource === undefined && !('managedFields' in updated.metadata)) {
      recordCreate(updated, opts);
      return;
    }
    const managed = managedForUpdate(old, updated, opts.subresource);
    const isCreate = old === undefined || old.metadata.uid === undefined || old.metadata.uid === '';
    if (managed.size === 0 && !isCreate) {
      delete updated.metadata.managedFields;
      return;
    }
    recordUpdate(managed, old === undefined ? createBaseline(opts.kindKey) : old, updated, opts);
    const encoded = encodeManagedFields(managed);
    if (encoded.length > 0) updated.metadata.managedFields = encoded;
    else delete updated.metadata.managedFields;
  } catch {
    delete updated.metadata.managedFields;
  }
}

/**
 * What the general path does for a create that brings no managedFields: no
 * earlier owners, so the writer simply owns every field the create set.
 */
function recordCreate(created: KubeObject, opts: UpdateOptions): void {
  const gained = fieldsChangedFrom(createBaseline(opts.kindKey), created, rootSchema(opts.kindKey));
  // In place, what recursiveDifference(resetFields(undefined)) and stripMeta do on a copy:
  // status is reset, and no manager owns the server-managed metadata.
  gained.deleteChild('f:status');
  for (const path of STRIPPED_PATHS) {
    const node = gained.child(path);
    if (node !== undefined) node.member = false;
  }
  if (gained.isEmpty()) {
    delete created.metadata.managedFields;
    return;
  }
  created.metadata.managedFields = [
    { manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion, time: opts.now, fieldsType: 'FieldsV1', fieldsV1: encodeFields(gained) },
  ];
}

function managedForUpdate(old: KubeObject | undefined, updated: KubeObject, subresource: string | undefined): ManagedFields {
  const sent = updated.metadata.managedFields;
  if (subresource !== undefined && subresource !== '') return decodeOrEmpty(old?.metadata.managedFields);
  const isReset = sent !== undefined && (sent.length === 0 || (sent.length === 1 && Object.keys(sent[0] ?? {}).length === 0));
  if (isReset) return new Map();
  try {
    const managed = decodeManagedFields(sent);
    if (managed.size > 0) return managed;
  } catch {
    // Clients that do not understand managedFields must not erase them: fall back to the live ones.
  }
  return decodeOrEmpty(old?.metadata.managedFields);
}

function decodeOrEmpty(entries: readonly ManagedFieldsEntry[] | undefined): ManagedFields {
  try {
    return decodeManagedFields(entries);
  } catch {
    return new Map();
  }
}

/** Updater.Update under the managedFieldsUpdater: the writer gains what changed, everyone loses what it changed or removed. */
export function recordUpdate(managed: ManagedFields, before: unknown, after: unknown, opts: UpdateOptions): void {
  const ignored = resetFields(opts.subresource);
  const diff = compareObjects(comparable(before, opts.subresource), comparable(after, opts.subresource), rootSchema(opts.kindKey));
  const changed = diff.modified.union(diff.added).recursiveDifference(ignored);
  const removed = diff.removed.recursiveDifference(ignored);
  const gained = stripMeta(changed);
  const identity: ManagerFields = { manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion, fields: gained };
  if (opts.subresource !== undefined && opts.subresource !== '') identity.subresource = opts.subresource;
  const id = managerIdentity(identity);
  // The writer would lose what it changed only to gain it back: it loses what it removed and what no one
  // may own. Computed so, a writer that changed only its own fields keeps its very set (and stored fieldsV1).
  const writerLoses = removed.union(changed.difference(gained));
  for (const [entryId, entry] of managed) {
    const remaining = entryId === id ? entry.fields.difference(writerLoses) : entry.fields.difference(changed).difference(removed);
    if (remaining.isEmpty()) managed.delete(entryId);
    else managed.set(entryId, withMembers(entry, { fields: remaining }));
  }
  if (gained.isEmpty()) return;
  const previous = managed.get(id);
  const fields = previous === undefined ? gained : previous.fields.union(gained);
  const kept = previous?.decodedFrom === undefined ? { fields, time: opts.now } : { fields, decodedFrom: previous.decodedFrom, time: opts.now };
  managed.set(id, withMembers(identity, kept));
  capUpdateManagers(managed);
}
