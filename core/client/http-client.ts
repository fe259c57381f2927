import { ApiError } from '../api/errors.ts';
import { isRecord, type KubeList, type KubeObject, type Status, type WatchEventType } from '../api/types/meta.ts';
import type { ApiClient, DeleteOptions, ListOptions, PatchOptions, PatchType, WatchOptions, WatchSubscription, WriteOptions } from './api-client.ts';
import { isStatusBody } from './http-errors.ts';
import { HttpTransport, type HttpClientOptions } from './http-transport.ts';
import { isKubeObject, startHttpWatch } from './http-watch.ts';
import { resourcePath, type ResourceRef } from './resources.ts';

export type { HttpClientOptions } from './http-transport.ts';
export { ApiConnectionError } from './http-errors.ts';

const CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  // JSON is YAML: the apply configuration goes as it is.
  apply: 'application/apply-patch+yaml',
};

/**
 * The API client of a process outside the control plane (the node agent):
 * the same calls and the same ApiErrors as the in-process client, over
 * HTTPS with a bearer token. `close()` ends its connections and watches.
 */
export function createHttpApiClient(options: HttpClientOptions): ApiClient & { close(): void } {
  return new HttpApiClient(new HttpTransport(options));
}

class HttpApiClient implements ApiClient {
  private readonly watches = new Set<WatchSubscription>();

  constructor(private readonly transport: HttpTransport) {}

  async get<T extends KubeObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    const body = await this.transport.send({ method: 'GET', path: resourcePath(resource, namespace, named(name)) });
    return expectObject(body, this.transport.server) as T;
  }

  async list<T extends KubeObject>(resource: ResourceRef, namespace: string | undefined, options: ListOptions = {}): Promise<KubeList<T>> {
    const query = selectorQuery(options);
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.continue !== undefined) query.set('continue', options.continue);
    const body = await this.transport.send({ method: 'GET', path: resourcePath(resource, namespace), query });
    if (!isRecord(body) || !Array.isArray(body['items']) || !isRecord(body['metadata'])) {
      throw new Error(`the API server at ${this.transport.server} answered a list with something that is not one`);
    }
    return body as unknown as KubeList<T>;
  }

  async watch(
    resource: ResourceRef,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (type: WatchEventType, object: KubeObject) => void,
  ): Promise<WatchSubscription> {
    const query = selectorQuery(options);
    query.set('watch', '1');
    if (options.resourceVersion !== '') query.set('resourceVersion', options.resourceVersion);
    const bookmarks = options.allowBookmarks === true;
    if (bookmarks) query.set('allowWatchBookmarks', 'true');
    const subscription = await startHttpWatch(this.transport, resourcePath(resource, namespace), query, bookmarks, onEvent);
    this.watches.add(subscription);
    void subscription.done.then(() => this.watches.delete(subscription));
    return subscription;
  }

  async create<T extends KubeObject>(resource: ResourceRef, object: KubeObject, options: WriteOptions = {}): Promise<T> {
    const path = resourcePath(resource, object.metadata.namespace);
    const body = await this.transport.send({ method: 'POST', path, query: writeQuery(options), body: object });
    return expectObject(body, this.transport.server) as T;
  }

  async update<T extends KubeObject>(resource: ResourceRef, object: KubeObject, options: WriteOptions & { subresource?: 'status' | 'finalize' } = {}): Promise<T> {
    const path = resourcePath(resource, object.metadata.namespace, named(object.metadata.name), options.subresource);
    const body = await this.transport.send({ method: 'PUT', path, query: writeQuery(options), body: object });
    return expectObject(body, this.transport.server) as T;
  }

  async patch<T extends KubeObject>(
    resource: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options: PatchOptions = {},
  ): Promise<T> {
    const query = writeQuery(options);
    if (options.force === true) query.set('force', 'true');
    const path = resourcePath(resource, namespace, named(name), options.subresource);
    const body = await this.transport.send({ method: 'PATCH', path, query, body: patch, contentType: CONTENT_TYPES[type] });
    return expectObject(body, this.transport.server) as T;
  }

  async delete(resource: ResourceRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<KubeObject | Status> {
    const query = new URLSearchParams();
    if (options.dryRun === true) query.set('dryRun', 'All');
    const body = await this.transport.send({ method: 'DELETE', path: resourcePath(resource, namespace, named(name)), query, body: deleteOptionsBody(options) });
    if (isStatusBody(body)) return body as unknown as Status;
    return expectObject(body, this.transport.server);
  }

  async createSubresource(resource: ResourceRef, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<unknown> {
    return this.transport.send({ method: 'POST', path: resourcePath(resource, namespace, named(name), subresource), body });
  }

  close(): void {
    for (const watch of this.watches) watch.close();
    this.watches.clear();
    this.transport.close();
  }
}

/** An empty name would address the collection instead: refused before sending, as client-go does. */
function named(name: string | undefined): string {
  if (name === undefined || name === '') throw new ApiError('BadRequest', 'resource name may not be empty');
  return name;
}

function selectorQuery(options: { labelSelector?: string; fieldSelector?: string }): URLSearchParams {
  const query = new URLSearchParams();
  if (options.labelSelector !== undefined) query.set('labelSelector', options.labelSelector);
  if (options.fieldSelector !== undefined) query.set('fieldSelector', options.fieldSelector);
  return query;
}

function writeQuery(options: WriteOptions): URLSearchParams {
  const query = new URLSearchParams();
  if (options.dryRun === true) query.set('dryRun', 'All');
  if (options.fieldManager !== undefined) query.set('fieldManager', options.fieldManager);
  return query;
}

/** meta/v1 DeleteOptions as kubectl sends them in the body of a DELETE. */
function deleteOptionsBody(options: DeleteOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (options.propagationPolicy !== undefined) body['propagationPolicy'] = options.propagationPolicy;
  if (options.preconditions !== undefined) body['preconditions'] = options.preconditions;
  if (options.gracePeriodSeconds !== undefined) body['gracePeriodSeconds'] = options.gracePeriodSeconds;
  return body;
}

function expectObject(body: unknown, server: string): KubeObject {
  if (isKubeObject(body)) return body;
  throw new Error(`the API server at ${server} answered with something that is not an object: ${JSON.stringify(body)?.slice(0, 200) ?? 'nothing'}`);
}
