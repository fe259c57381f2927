import { randomUUID } from 'node:crypto';
import type { KeyValue, StoreBackend } from '../contracts/store-backend.ts';
import { storedJsonWithVersion } from './stored-json.ts';
import { alreadyExists, conflict, notFound } from '../api/errors.ts';
import type { ResourceType } from '../api/resource-type.ts';
import { isRecord, type KubeList, type KubeObject } from '../api/types/meta.ts';
import { decodeContinue, encodeContinue } from './continue-token.ts';
import { objectKey, scopePrefix } from './keys.ts';
import { matchesObject, type ObjectFilter } from './object-filter.ts';
import { applyGracefulStep, DELETE_NOW, type BeforeDelete } from './delete-step.ts';
import { jsonEqualExcept } from '../api/types/json-equal.ts';
import { rfc3339, specChanged } from './object-meta.ts';
import { NamespaceIndex, type NamespacePhase } from './namespace-index.ts';
import { cloneJson } from '../api/types/clone-json.ts';
import { withMembers } from '../api/types/with-members.ts';
import { ParsedVersions } from './parsed-versions.ts';
import { GenerationalCache } from '../api/generational-cache.ts';

export interface ListOptions extends ObjectFilter {
  limit?: number;
  continue?: string;
}

export interface WriteOptions {
  /** validate and return the result without storing it */
  dryRun?: boolean;
}

export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

export interface DeleteResult {
  object: KubeObject;
  /** false when finalizers or a graceful deletion keep the object: it is only marked with deletionTimestamp */
  deleted: boolean;
}

/**
 * `tryUpdate` returns the desired object, or the same object to signal "no
 * change". `current` is its own copy to change (unless it asked to read the
 * stored version itself); `stored` is the stored version, shared read-only.
 */
export type UpdateFunction = (current: KubeObject, stored: KubeObject) => KubeObject | Promise<KubeObject>;

const CONFLICT_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

/** written texts kept for the writes' answers: far more than the writes in flight at once */
const WRITTEN_TEXTS_KEPT = 1024;

/**
 * Kubernetes object semantics on top of a revisioned key-value backend:
 * resourceVersion from the backend's modRevision, uid and creationTimestamp on
 * create, generation bumped on spec changes only, optimistic concurrency, and
 * finalizers that turn a delete into a mark until they are gone.
 */
export class ObjectStore {
  private namespaceIndex: NamespaceIndex | undefined;
  /** objects' newest versions as parsed once, shared with the watch cache */
  readonly parsed = new ParsedVersions();
  private watched: ((type: ResourceType) => boolean) | undefined;

  constructor(private readonly backend: StoreBackend) {}

  /**
   * Lets a watch cache say which resources anyone watches: a written version
   * is kept parsed (ParsedVersions) for the informers that will receive it,
   * and one nobody watches (each Event the scheduler records) would only take
   * the place of one someone does. `detach` with the same function ends that.
   */
  attachWatchedResources(watched: (type: ResourceType) => boolean): void {
    this.watched = watched;
  }

  detachWatchedResources(watched: (type: ResourceType) => boolean): void {
    if (this.watched === watched) this.watched = undefined;
  }

  /**
   * The text each of the latest writes stored, by the very object the write
   * returned (see writtenJson): an HTTP write answers with that object, and
   * serialising it again cost as much as the stored text did. Bounded, not
   * weak: only an answer still to be sent asks.
   */
  private readonly writtenTexts = new GenerationalCache<string, KubeObject>(WRITTEN_TEXTS_KEPT);

  /**
   * `obj`, which a create or update of this store returned, as JSON with its
   * resourceVersion, made from the text the write stored when it starts as
   * `prefix` (see storedJsonWithVersion); undefined when the text is no
   * longer held or not of that shape, or `obj` is not a written version.
   * Written versions are never changed (the tests freeze them), so the text
   * is still `obj`'s.
   */
  writtenJson(obj: KubeObject, prefix: string): string | undefined {
    const text = this.writtenTexts.get(obj);
    const version = obj.metadata.resourceVersion;
    return text === undefined || version === undefined ? undefined : storedJsonWithVersion(text, prefix, version);
  }

  /** whether a version of `type` just written is kept parsed: without a watch cache, always */
  private keepsWritten(type: ResourceType): boolean {
    return this.watched?.(type) ?? true;
  }

  /** a written version, for its change's event (parsed already) and the write's answer (serialised already) */
  private remember(key: string, revision: number, written: KubeObject, text: string): void {
    this.parsed.rememberWritten(key, revision, written, text);
    this.writtenTexts.set(written, text);
  }

  /** Lets a watch cache answer `namespacePhase` from memory; `detach` with the same index ends that. */
  attachNamespaceIndex(index: NamespaceIndex): void {
    this.namespaceIndex = index;
  }

  detachNamespaceIndex(index: NamespaceIndex): void {
    if (this.namespaceIndex === index) this.namespaceIndex = undefined;
  }

  /** Whether the Namespace `name` (of the Namespace type `type`) exists and is not being deleted. */
  async namespacePhase(type: ResourceType, name: string): Promise<NamespacePhase> {
    const key = objectKey(type, undefined, name);
    const known = await this.namespaceIndex?.lookup(key);
    if (known !== undefined) return known;
    const kv = await this.backend.get(key);
    return kv === undefined ? 'absent' : NamespaceIndex.phaseOf(decode(kv));
  }

  /** The created object, shared read-only with the watch cache (see ParsedVersions) unless it is a dry run's. */
  async create(type: ResourceType, input: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const name = input.metadata.name ?? '';
    // Not a spread: the copy gains three members here and resourceVersion below (see withMembers).
    const metadata = withMembers(input.metadata, { uid: randomUUID(), creationTimestamp: rfc3339(new Date()), generation: 1 });
    delete metadata.resourceVersion;
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
    const obj: KubeObject = { ...input, metadata };
    const key = objectKey(type, metadata.namespace, name);
    if (options.dryRun === true) {
      if ((await this.backend.get(key)) !== undefined) throw alreadyExists(type.plural, type.group, name);
      return obj;
    }
    const text = JSON.stringify(obj);
    const outcome = await this.backend.create(key, text);
    if (!outcome.ok) throw alreadyExists(type.plural, type.group, name);
    obj.metadata.resourceVersion = String(outcome.revision);
    // The created object is its key's first version: its event need not parse the text again.
    if (this.keepsWritten(type)) this.remember(key, outcome.revision, obj, text);
    return obj;
  }

  async get(type: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject> {
    return decode(await this.getStored(type, namespace, name));
  }

  /**
   * The object as its JSON text with its resourceVersion, for an answer that
   * would only serialise it: the stored text with the version put in when
   * it starts as `prefix` (see storedJsonWithVersion), else `serialise` of
   * the parsed object.
   */
  async getJson(type: ResourceType, namespace: string | undefined, name: string, prefix: string, serialise: (obj: KubeObject) => string): Promise<string> {
    const kv = await this.getStored(type, namespace, name);
    return storedJsonWithVersion(kv.value, prefix, String(kv.modRevision)) ?? serialise(decode(kv));
  }

  private async getStored(type: ResourceType, namespace: string | undefined, name: string): Promise<KeyValue> {
    const kv = await this.backend.get(objectKey(type, namespace, name));
    if (kv === undefined) throw notFound(type.plural, type.group, name);
    return kv;
  }

  /** The objects under the scope; an item may be a version shared read-only with the watch cache (see ParsedVersions). */
  async list(type: ResourceType, namespace: string | undefined, options: ListOptions = {}): Promise<KubeList> {
    const prefix = scopePrefix(type, namespace);
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : undefined;
    const token = options.continue !== undefined ? decodeContinue(options.continue) : undefined;
    let startAfter = token !== undefined ? prefix + token.startAfter : undefined;
    const filtered = options.labelSelector !== undefined || options.fieldSelector !== undefined;
    const items: KubeObject[] = [];
    // Every page of a paginated list reports the first page's revision, so a watch from it misses nothing.
    let revision = token?.resourceVersion ?? 0;
    let more = false;
    let lastKey: string | undefined;
    // With selectors a page may need several backend reads to fill `limit` matches.
    for (;;) {
      const want = limit === undefined ? undefined : Math.max(limit - items.length, filtered ? 256 : 0);
      const page = await this.backend.range(prefix, { startAfter, limit: want });
      revision = revision === 0 ? page.revision : revision;
      more = page.more;
      let index = 0;
      for (const kv of page.items) {
        index++;
        // The version held for the watch cache's informers when there is one: a list then shares it instead of
        // holding a copy of every object beside it (an informer's relist kept a second copy of each of 5,000 Nodes).
        const obj = this.parsed.lookup(kv.key, kv.modRevision) ?? decode(kv);
        if (filtered && !matchesObject(type, obj, options)) continue;
        items.push(obj);
        lastKey = kv.key;
        if (limit !== undefined && items.length >= limit) {
          more = more || index < page.items.length;
          break;
        }
      }
      const last = page.items[page.items.length - 1];
      if (!page.more || (limit !== undefined && items.length >= limit) || last === undefined) break;
      startAfter = last.key;
    }
    const list: KubeList = { metadata: { resourceVersion: String(revision) }, items };
    if (more && lastKey !== undefined) {
      list.metadata.continue = encodeContinue({ resourceVersion: revision, startAfter: lastKey.slice(prefix.length) });
      if (!filtered) {
        const remaining = (await this.backend.count(prefix)) - items.length;
        const consumedBefore = options.continue === undefined ? 0 : await this.countUpTo(prefix, startAfterOf(options, prefix));
        list.metadata.remainingItemCount = Math.max(0, remaining - consumedBefore);
      }
    }
    return list;
  }

  /**
   * Reads, applies `tryUpdate`, writes with compare-and-swap, and retries on a
   * concurrent change, unless the caller pinned a resourceVersion (then: Conflict).
   * The object returned is shared read-only with the watch cache (see
   * ParsedVersions) unless it is a dry run's.
   */
  async guaranteedUpdate(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    tryUpdate: UpdateFunction,
    options: WriteOptions & {
      expectedResourceVersion?: string;
      /** `tryUpdate` only reads `current` and builds what it returns from copies of what it changes: it gets the shared version itself, not a copy */
      readsCurrentOnly?: boolean;
    } = {},
  ): Promise<KubeObject> {
    const key = objectKey(type, namespace, name);
    for (;;) {
      const stored = await this.currentVersion(key);
      if (stored === undefined) throw notFound(type.plural, type.group, name);
      const { kv, object: current } = stored;
      if (options.expectedResourceVersion !== undefined && options.expectedResourceVersion !== String(kv.modRevision)) {
        throw conflict(type.plural, type.group, name, CONFLICT_MESSAGE);
      }
      // The caller gets its own copy to change (copying is cheaper than parsing again), unless it only reads.
      const desired = await tryUpdate(options.readsCurrentOnly === true ? current : cloneJson(current), current);
      const next = this.carryOver(current, desired);
      // Key order differs between clients; an unchanged object must not become a new version.
      if (sameButVersion(next, current)) return current;
      if (options.dryRun === true) return next;
      // ShouldDeleteDuringUpdate: only once a graceful deletion's period is over (0) does losing the finalizers delete it.
      const finalizersGone = current.metadata.deletionTimestamp !== undefined && !current.metadata.deletionGracePeriodSeconds && !hasPendingFinalizers(type, next);
      // next.metadata is this write's own (carryOver): the version is left out of the text, and put in once known.
      next.metadata.resourceVersion = undefined;
      const text = finalizersGone ? undefined : JSON.stringify(next);
      const outcome = text === undefined ? await this.backend.delete(key, kv.modRevision) : await this.backend.update(key, text, kv.modRevision);
      if (!outcome.ok) {
        if (options.expectedResourceVersion !== undefined) throw conflict(type.plural, type.group, name, CONFLICT_MESSAGE);
        continue;
      }
      next.metadata.resourceVersion = String(outcome.revision);
      if (text !== undefined && this.keepsWritten(type)) this.remember(key, outcome.revision, next, text);
      return next;
    }
  }

  async update(type: ResourceType, obj: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const expected = obj.metadata.resourceVersion;
    return this.guaranteedUpdate(type, obj.metadata.namespace, obj.metadata.name ?? '', () => obj, {
      ...options,
      ...(expected === undefined || expected === '' ? {} : { expectedResourceVersion: expected }),
    });
  }

  async delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: WriteOptions & {
      preconditions?: DeletePreconditions;
      /** changes the kind makes when an object is only marked, e.g. a Namespace's Terminating phase */
      mark?: (marked: KubeObject) => void;
      /** the kind's graceful deletion (Pods); without it a delete is immediate */
      beforeDelete?: BeforeDelete;
    } = {},
  ): Promise<DeleteResult> {
    const key = objectKey(type, namespace, name);
    let preconditions = options.preconditions;
    /** written with grace 0 and about to go: the answer if another client deletes it first */
    let markedToGo: KubeObject | undefined;
    for (;;) {
      const stored = await this.currentVersion(key);
      if (stored === undefined) {
        if (markedToGo !== undefined) return { object: markedToGo, deleted: true };
        throw notFound(type.plural, type.group, name);
      }
      const { kv, object: current } = stored;
      const step = options.beforeDelete?.(current, preconditions) ?? DELETE_NOW;
      checkPreconditions(type, current, preconditions);
      if (step.kind === 'pending') return { object: current, deleted: false };
      if (step.kind === 'graceful') {
        const stays = step.gracePeriodSeconds > 0 || hasPendingFinalizers(type, current);
        const outcome = await applyGracefulStep(this.backend, kv, current, step, { stays, dryRun: options.dryRun === true, ...(this.keepsWritten(type) ? { parsed: this.parsed } : {}) });
        if (outcome.result !== 'raced') return { object: outcome.object, deleted: outcome.result === 'deleted' };
        if (outcome.marked !== undefined) {
          // Marked for now but changed before it went: a resourceVersion precondition now means the mark's version.
          markedToGo = outcome.marked;
          if (preconditions?.resourceVersion !== undefined) preconditions = { ...preconditions, resourceVersion: outcome.marked.metadata.resourceVersion };
        }
        continue;
      }
      if (hasPendingFinalizers(type, current)) {
        if (current.metadata.deletionTimestamp !== undefined) return { object: current, deleted: false };
        const marked = cloneJson(current);
        options.mark?.(marked);
        marked.metadata.deletionTimestamp = rfc3339(new Date());
        marked.metadata.deletionGracePeriodSeconds = 0;
        // As Kubernetes' markAsDeleting: controllers see the deletion as a new generation.
        if ((current.metadata.generation ?? 0) > 0) marked.metadata.generation = (current.metadata.generation ?? 0) + 1;
        if (options.dryRun === true) return { object: marked, deleted: false };
        delete marked.metadata.resourceVersion;
        const text = JSON.stringify(marked);
        const outcome = await this.backend.update(key, text, kv.modRevision);
        if (!outcome.ok) continue;
        marked.metadata.resourceVersion = String(outcome.revision);
        if (this.keepsWritten(type)) this.parsed.rememberWritten(key, outcome.revision, marked, text);
        return { object: marked, deleted: false };
      }
      if (options.dryRun === true) return { object: current, deleted: true };
      const outcome = await this.backend.delete(key, kv.modRevision);
      if (!outcome.ok) continue;
      return { object: current, deleted: true };
    }
  }

  async currentRevision(): Promise<number> {
    return this.backend.currentRevision();
  }

  /**
   * `key`'s stored version, parsed and shared read-only (see ParsedVersions):
   * when the newest version held is still the stored one, only its revision
   * is read, not the stored text again.
   */
  private async currentVersion(key: string): Promise<{ kv: Pick<KeyValue, 'key' | 'modRevision'>; object: KubeObject } | undefined> {
    const held = this.parsed.newest(key);
    if (held !== undefined && this.backend.modRevision !== undefined) {
      const modRevision = await this.backend.modRevision(key);
      if (modRevision === undefined) return undefined;
      if (modRevision === held.revision) return { kv: { key, modRevision }, object: held.object };
    }
    const kv = await this.backend.get(key);
    if (kv === undefined) return undefined;
    return { kv, object: this.parsed.lookup(key, kv.modRevision) ?? this.parseShared(kv) };
  }

  /** `kv` parsed and kept as its key's newest version: the event of the change about to be made has it as its previous one. */
  private parseShared(kv: KeyValue): KubeObject {
    const object = decode(kv);
    this.parsed.remember(kv.key, kv.modRevision, object);
    return object;
  }

  /** Keeps what a client may not change through an update: identity and creation. */
  private carryOver(current: KubeObject, desired: KubeObject): KubeObject {
    // withMembers, not spreads: this line sees every kind, and a spread at such a line costs ~0.3 µs (see withMembers).
    const metadata = withMembers(desired.metadata, {
      name: current.metadata.name,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      generation: current.metadata.generation ?? 1,
    });
    if (current.metadata.namespace !== undefined) metadata.namespace = current.metadata.namespace;
    // deletionTimestamp can be set only through delete, and never cleared.
    if (current.metadata.deletionTimestamp !== undefined) {
      metadata.deletionTimestamp = current.metadata.deletionTimestamp;
      metadata.deletionGracePeriodSeconds = current.metadata.deletionGracePeriodSeconds ?? 0;
    } else {
      delete metadata.deletionTimestamp;
      delete metadata.deletionGracePeriodSeconds;
    }
    const next: KubeObject = withMembers(desired, { metadata });
    if (specChanged(current, next)) metadata.generation = (current.metadata.generation ?? 1) + 1;
    return next;
  }

  private async countUpTo(prefix: string, startAfter: string | undefined): Promise<number> {
    if (startAfter === undefined) return 0;
    // Items already handed out on earlier pages; counted so remainingItemCount stays exact.
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.backend.range(prefix, { startAfter: after, limit: 1000 });
      for (const kv of page.items) {
        if (kv.key > startAfter) return count;
        count++;
      }
      const last = page.items[page.items.length - 1];
      if (!page.more || last === undefined) return count;
      after = last.key;
    }
  }
}

function startAfterOf(options: ListOptions, prefix: string): string | undefined {
  return options.continue === undefined ? undefined : prefix + decodeContinue(options.continue).startAfter;
}

export function decode(kv: KeyValue): KubeObject {
  const obj = JSON.parse(kv.value) as KubeObject;
  obj.metadata.resourceVersion = String(kv.modRevision);
  return obj;
}

/** the same JSON but for metadata.resourceVersion */
function sameButVersion(a: KubeObject, b: KubeObject): boolean {
  return jsonEqualExcept(a, b, 'metadata') && jsonEqualExcept(a.metadata, b.metadata, 'resourceVersion');
}

/**
 * Finalizers that keep a deleted object until they are removed: metadata.finalizers,
 * and a Namespace's spec.finalizers too (kube-apiserver's ShouldDeleteNamespaceDuringUpdate
 * and namespace Delete), which the namespace controller clears through `finalize`.
 */
export function hasPendingFinalizers(type: ResourceType, obj: KubeObject): boolean {
  if ((obj.metadata.finalizers ?? []).length > 0) return true;
  if (type.group !== '' || type.kind !== 'Namespace') return false;
  const spec = obj['spec'];
  return isRecord(spec) && Array.isArray(spec['finalizers']) && spec['finalizers'].length > 0;
}

function checkPreconditions(type: ResourceType, current: KubeObject, pre: DeletePreconditions | undefined): void {
  const name = current.metadata.name ?? '';
  if (pre?.uid !== undefined && pre.uid !== current.metadata.uid) {
    throw conflict(type.plural, type.group, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid ?? ''}`);
  }
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw conflict(
      type.plural,
      type.group,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`,
    );
  }
}

