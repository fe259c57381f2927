import { ApiError } from '../api/errors.ts';
import type { ResourceType } from '../api/resource-type.ts';
import type { KubeList, KubeObject, Status } from '../api/types/meta.ts';
import type { ApiClient, DeleteOptions, ListOptions, PatchOptions, PatchType, WatchOptions, WatchSubscription, WriteOptions } from '../client/api-client.ts';
import type { ResourceRef } from '../client/resources.ts';
import { decodeObject } from './admission/decode-object.ts';
import { writeContext } from './admission/write-context.ts';
import type { PatchType as MediaPatchType } from './body.ts';
import type { ApiContext } from './handlers/context.ts';
import { deleteObject, deleteOptions } from './handlers/delete.ts';
import { finalizeNamespace } from './handlers/namespace-lifecycle.ts';
import { patchObject } from './handlers/patch.ts';
import { listObjects, selectorsFrom, withTypeMeta } from './handlers/read.ts';
import { bindPod } from './handlers/subresources.ts';
import { evictPod } from './handlers/eviction.ts';
import type { Query } from './query.ts';
import type { WatchHandle } from '../store/watch-cache.ts';
import { cloneJson } from '../api/types/clone-json.ts';

const MEDIA_TYPES: Record<PatchType, MediaPatchType> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/**
 * The API client of the all-in-one control plane: the same admission,
 * validation and watch cache as HTTPS requests, without serialising to JSON
 * and back. `userAgent` names the field manager, as a client's user agent does.
 */
export class InProcessClient implements ApiClient {
  constructor(
    private readonly api: ApiContext,
    private readonly userAgent: string,
  ) {}

  async get<T extends KubeObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    const type = this.type(resource);
    return withTypeMeta(type, await this.api.store.get(type, namespace, name)) as T;
  }

  async list<T extends KubeObject>(resource: ResourceRef, namespace: string | undefined, options: ListOptions = {}): Promise<KubeList<T>> {
    const query: Query = {};
    if (options.labelSelector !== undefined) query['labelSelector'] = options.labelSelector;
    if (options.fieldSelector !== undefined) query['fieldSelector'] = options.fieldSelector;
    if (options.limit !== undefined) query['limit'] = String(options.limit);
    if (options.continue !== undefined) query['continue'] = options.continue;
    return (await listObjects(this.api, this.type(resource), namespace, 'object', query)) as KubeList<T>;
  }

  async watch(
    resource: ResourceRef,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR', object: KubeObject) => void,
  ): Promise<WatchSubscription> {
    const type = this.type(resource);
    const query: Query = {};
    if (options.labelSelector !== undefined) query['labelSelector'] = options.labelSelector;
    if (options.fieldSelector !== undefined) query['fieldSelector'] = options.fieldSelector;
    let finish: (error: Error | undefined) => void = () => undefined;
    const done = new Promise<Error | undefined>((resolve) => (finish = resolve));
    let ended = false;
    let handle: WatchHandle | undefined;
    const end = (error: Error | undefined): void => {
      if (ended) return;
      ended = true;
      handle?.close();
      finish(error);
    };
    // The cache may fail the watch (410) before it returns the handle.
    handle = await this.api.watchCache.watch(type, namespace, { ...selectorsFrom(type, query), resourceVersion: options.resourceVersion }, {
      send: (eventType, event) => {
        if (!ended) onEvent(eventType, event.object);
      },
      fail: (status) => end(new ApiError(status.reason === 'Expired' ? 'Expired' : 'InternalError', status.message)),
    });
    if (ended) handle.close();
    return { done, close: () => end(undefined) };
  }

  async create<T extends KubeObject>(resource: ResourceRef, object: KubeObject, options: WriteOptions = {}): Promise<T> {
    await this.writersTurn();
    const type = this.type(resource);
    // decodeObject copies what it changes, and the pipeline clones before admission changes anything.
    const obj = decodeObject(object, type, { namespace: object.metadata.namespace });
    return withTypeMeta(type, await this.api.pipeline.create(type, obj, this.context(options))) as T;
  }

  async update<T extends KubeObject>(resource: ResourceRef, object: KubeObject, options: WriteOptions & { subresource?: 'status' | 'finalize' } = {}): Promise<T> {
    await this.writersTurn();
    const type = this.type(resource);
    if (options.subresource === 'finalize') {
      return withTypeMeta(type, await finalizeNamespace(this.api, type, object.metadata.name ?? '', cloneJson(object), this.context(options))) as T;
    }
    const obj = decodeObject(object, type, { namespace: object.metadata.namespace, name: object.metadata.name });
    const result = await this.api.pipeline.update(type, obj, this.context(options), options.subresource);
    return withTypeMeta(type, result.object) as T;
  }

  async patch<T extends KubeObject>(
    resource: ResourceRef,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    options: PatchOptions = {},
  ): Promise<T> {
    await this.writersTurn();
    const type = this.type(resource);
    const ctx = this.context(options);
    if (options.force === true) ctx.force = true;
    const result = await patchObject(this.api, { type, namespace, name, subresource: options.subresource }, MEDIA_TYPES[patchType], patch, ctx);
    return withTypeMeta(type, result.object) as T;
  }

  async delete(resource: ResourceRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<KubeObject | Status> {
    await this.writersTurn();
    const query: Query = options.dryRun === true ? { dryRun: 'All' } : {};
    const result = await deleteObject(this.api, this.type(resource), namespace, name, deleteOptions(options, query));
    return result.body;
  }

  async createSubresource(resource: ResourceRef, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<unknown> {
    await this.writersTurn();
    const type = this.type(resource);
    if (subresource === 'binding' && type.subresources.includes('binding')) {
      await bindPod(this.api, type, namespace, name, body, this.context({}));
      return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
    }
    if (subresource === 'eviction' && type.subresources.includes('eviction')) {
      return evictPod(this.api, type, namespace, name, cloneJson(body), this.context({}));
    }
    throw new ApiError('NotFound', 'the server could not find the requested resource');
  }

  /**
   * Waits while the watch cache runs far behind the writes (see
   * WatchCache.whenCaughtUp): the controllers writing through this client
   * run in the process that delivers their informers' events, and would
   * otherwise outrun them.
   */
  private async writersTurn(): Promise<void> {
    const caughtUp = this.api.watchCache.whenCaughtUp();
    if (caughtUp !== undefined) await caughtUp;
  }

  private type(resource: ResourceRef): ResourceType {
    const type = this.api.registry.lookup(resource.group, resource.version, resource.plural);
    if (type === undefined) throw new ApiError('NotFound', 'the server could not find the requested resource');
    return type;
  }

  private context(options: WriteOptions): ReturnType<typeof writeContext> {
    const query: Query = {};
    if (options.dryRun === true) query['dryRun'] = 'All';
    if (options.fieldManager !== undefined) query['fieldManager'] = options.fieldManager;
    return writeContext(query, this.userAgent, this.api.now());
  }
}
