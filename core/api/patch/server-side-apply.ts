import { isDeepStrictEqual } from 'node:util';
import { ApiError, badRequest } from '../errors.ts';
import type { KubeObject, StatusCause } from '../types/meta.ts';
import { isRecord } from '../types/meta.ts';
import type { FieldSet } from './field-set.ts';
import { pathString } from './path-element.ts';
import type { ManagedFields, ManagerFields } from './managed-fields.ts';
import {
  createBaseline,
  decodeManagedFields,
  encodeManagedFields,
  managerIdentity,
  recordUpdate,
  resetFields,
  stripMeta,
  withoutManagedFields,
} from './managed-fields.ts';
import { rootSchema } from './patch-strategy.ts';
import { compareObjects } from './typed-compare.ts';
import { assertNoDuplicateItems, removeItems, toFieldSet } from './typed-fields.ts';
import { mergeApplied } from './typed-merge.ts';
import { cloneJson } from '../types/clone-json.ts';

/**
 * Server-side apply (`application/apply-patch+yaml`), following structured-merge-diff's
 * Updater.Apply as kube-apiserver wraps it: the applied configuration is merged into the live
 * object, the applier owns exactly the fields it applied, fields it applied before and dropped
 * are removed unless another manager owns them, and changing a value another manager owns is
 * a 409 Conflict unless `force` moves the ownership.
 */

export interface ApplyOptions {
  manager: string;
  force: boolean;
  kindKey: string;
  apiVersion: string;
  now: string;
  subresource?: string;
}

const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Owner of the fields of an object that existed before anyone tracked managed fields. */
const BEFORE_FIRST_APPLY = 'before-first-apply';

export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): { object: KubeObject } {
  if (applied.apiVersion !== opts.apiVersion) {
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${applied.apiVersion ?? ''}, expected: ${opts.apiVersion}`,
    );
  }
  if (applied.metadata.managedFields !== undefined && applied.metadata.managedFields !== null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const schema = rootSchema(opts.kindKey);
  assertNoDuplicateItems(applied, schema);
  const managed = decodeLiveManagedFields(live);
  const liveObject: Record<string, unknown> = live === undefined ? {} : asRecord(withoutManagedFields(live));
  if (live !== undefined && managed.size === 0) {
    recordUpdate(managed, createBaseline(opts.kindKey), liveObject, { ...opts, manager: BEFORE_FIRST_APPLY, operation: 'Update' });
  }

  const ignored = resetFields(opts.subresource);
  const applier: ManagerFields = { manager: opts.manager, operation: 'Apply', apiVersion: opts.apiVersion, fields: toFieldSet(applied, schema) };
  if (opts.subresource !== undefined && opts.subresource !== '') applier.subresource = opts.subresource;
  applier.fields = applier.fields.recursiveDifference(ignored);
  const applierId = managerIdentity(applier);
  const previous = managed.get(applierId);
  if (previous?.time !== undefined) applier.time = previous.time;
  managed.set(applierId, applier);

  let merged = asRecord(mergeApplied(liveObject, applied, schema));
  if (previous !== undefined && !previous.fields.isEmpty()) merged = prune(merged, managed, previous.fields, opts.kindKey);
  transferOwnership(managed, applierId, liveObject, merged, opts);

  const stripped = stripMeta(applier.fields);
  if (stripped.isEmpty()) managed.delete(applierId);
  else managed.set(applierId, { ...applier, fields: stripped });

  const changed = !isDeepStrictEqual(liveObject, merged);
  const object = asRecord(cloneJson(changed ? merged : liveObject));
  const owner = managed.get(applierId);
  if (changed && owner !== undefined) owner.time = opts.now;
  if (opts.manager === 'kubectl') refreshLastApplied(object, applied);
  const result = toKubeObject(object);
  const encoded = encodeManagedFields(managed);
  if (encoded.length > 0) result.metadata.managedFields = encoded;
  return { object: result };
}

function decodeLiveManagedFields(live: KubeObject | undefined): ManagedFields {
  try {
    return decodeManagedFields(live?.metadata.managedFields);
  } catch (error) {
    throw new ApiError('InternalError', `failed to decode managed fields: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Updater.prune: what the applier owned last time and no longer applies is removed, unless
 * some manager (the applier's new configuration included) still owns it.
 */
function prune(merged: Record<string, unknown>, managed: ManagedFields, lastApplied: FieldSet, kindKey: string): Record<string, unknown> {
  const schema = rootSchema(kindKey);
  let owned: FieldSet | undefined;
  for (const entry of managed.values()) owned = owned === undefined ? entry.fields : owned.union(entry.fields);
  const mergedFields = toFieldSet(merged, schema).withNamedFieldsAsMembers();
  let toRemove = mergedFields.intersection(lastApplied.withNamedFieldsAsMembers());
  if (owned !== undefined) toRemove = toRemove.difference(owned.withNamedFieldsAsMembers());
  if (toRemove.isEmpty()) return merged;
  return asRecord(removeItems(merged, toRemove, schema));
}

/**
 * Updater.update for the apply: other managers owning a value the apply adds or changes are in
 * conflict (409 without force, losing the field with force); removed fields leave every owner.
 */
function transferOwnership(
  managed: ManagedFields,
  applierId: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  opts: ApplyOptions,
): void {
  const ignored = resetFields(opts.subresource);
  const diff = compareObjects(before, after, rootSchema(opts.kindKey));
  const changed = diff.modified.union(diff.added).recursiveDifference(ignored);
  const removed = diff.removed.recursiveDifference(ignored);
  const conflicts: Array<{ entry: ManagerFields; paths: string[][] }> = [];
  for (const [id, entry] of managed) {
    if (id === applierId) continue;
    const conflicting = entry.fields.intersection(changed);
    if (!conflicting.isEmpty()) conflicts.push({ entry, paths: conflicting.paths() });
  }
  if (conflicts.length > 0 && !opts.force) throw conflictError(conflicts);
  for (const [id, entry] of managed) {
    if (id === applierId) continue;
    const remaining = entry.fields.difference(changed).difference(removed);
    if (remaining.isEmpty()) managed.delete(id);
    else managed.set(id, { ...entry, fields: remaining });
  }
}

/** How Kubernetes names a manager in conflicts: `"kubectl"`, `"kube-controller-manager" using apps/v1`. */
export function describeManager(entry: Pick<ManagerFields, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource !== undefined && entry.subresource !== '') text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  return entry.operation === 'Update' ? `${text} using ${entry.apiVersion}` : text;
}

function conflictError(conflicts: Array<{ entry: ManagerFields; paths: string[][] }>): ApiError {
  const sorted = [...conflicts].sort((a, b) => compareText(managerIdentity(a.entry), managerIdentity(b.entry)));
  const causes: StatusCause[] = sorted.flatMap(({ entry, paths }) =>
    paths.map((path) => ({ reason: 'FieldManagerConflict', message: `conflict with ${describeManager(entry)}`, field: pathString(path) })),
  );
  let message: string;
  const only = sorted[0];
  if (causes.length === 1 && only !== undefined) {
    message = `Apply failed with 1 conflict: conflict with ${describeManager(only.entry)}: ${causes[0]?.field ?? ''}`;
  } else {
    const lines = sorted.flatMap(({ entry, paths }) => [
      `conflicts with ${describeManager(entry)}:`,
      ...paths.map((path) => `- ${pathString(path)}`),
    ]);
    message = `Apply failed with ${causes.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError('Conflict', message, {}, causes);
}

function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** lastAppliedUpdater: `kubectl apply --server-side` keeps a client-side annotation in step. */
function refreshLastApplied(object: Record<string, unknown>, applied: KubeObject): void {
  const metadata = object.metadata;
  if (!isRecord(metadata) || !isRecord(metadata.annotations)) return;
  const current = metadata.annotations[LAST_APPLIED_ANNOTATION];
  if (typeof current !== 'string' || current === '') return;
  const config = cloneJson(applied);
  if (config.metadata.annotations !== undefined) {
    delete config.metadata.annotations[LAST_APPLIED_ANNOTATION];
  }
  metadata.annotations[LAST_APPLIED_ANNOTATION] = JSON.stringify(config);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function toKubeObject(object: Record<string, unknown>): KubeObject {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return { ...object, metadata };
}
