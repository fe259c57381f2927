import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import type { ApiClient, WatchSubscription } from '../../client/api-client.ts';
import type { ResourceRef } from '../../client/resources.ts';
import { IndexedCache, type IndexFunction } from './indexed-cache.ts';
import { objectKeyOf } from './result.ts';

export interface InformerHandlers {
  onAdd?(obj: KubeObject): void;
  onUpdate?(oldObj: KubeObject, newObj: KubeObject): void;
  onDelete?(obj: KubeObject): void;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

const MIN_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 30_000;

/**
 * One list+watch of a resource shared by every controller that needs it
 * (client-go's SharedIndexInformer): a cache with indexes, handlers called on
 * each change, a relist when the watch is Expired (410), and a re-watch from
 * the last seen version when the server ends the stream.
 */
export class SharedInformer {
  readonly cache = new IndexedCache();
  private readonly handlers: InformerHandlers[] = [];
  private resourceVersion = '';
  private subscription: WatchSubscription | undefined;
  private running = false;
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private backoffMs = MIN_BACKOFF_MS;

  constructor(
    private readonly client: ApiClient,
    readonly resource: ResourceRef,
    private readonly logger: Logger,
    private readonly options: InformerOptions = {},
  ) {}

  addIndex(name: string, index: IndexFunction): void {
    this.cache.addIndex(name, index);
  }

  /** handlers added after the first sync get an add for every cached object */
  addHandlers(handlers: InformerHandlers): void {
    this.handlers.push(handlers);
    if (this.synced) for (const obj of this.cache.list()) handlers.onAdd?.(obj);
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.run();
  }

  stop(): void {
    this.running = false;
    this.subscription?.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (this.resourceVersion === '') await this.relist();
        const error = await this.watchOnce();
        if (error === undefined) continue;
        if (isApiError(error, 'Expired') || isApiError(error, 'Gone')) {
          this.resourceVersion = '';
          continue;
        }
        throw error;
      } catch (error) {
        if (!this.running) return;
        this.logger.warn({ err: error, resource: this.resource.plural }, 'list/watch failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs));
        this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private async relist(): Promise<void> {
    const list = await this.client.list(this.resource, this.options.namespace, {
      ...(this.options.labelSelector === undefined ? {} : { labelSelector: this.options.labelSelector }),
      ...(this.options.fieldSelector === undefined ? {} : { fieldSelector: this.options.fieldSelector }),
    });
    const seen = new Set<string>();
    for (const obj of list.items) {
      seen.add(objectKeyOf(obj.metadata));
      this.apply('MODIFIED', obj);
    }
    for (const key of [...this.cache.keys()]) {
      if (seen.has(key)) continue;
      const gone = this.cache.remove(key);
      if (gone !== undefined) for (const h of this.handlers) h.onDelete?.(gone);
    }
    this.resourceVersion = list.metadata.resourceVersion ?? '';
    this.backoffMs = MIN_BACKOFF_MS;
    if (!this.synced) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
    }
  }

  private async watchOnce(): Promise<Error | undefined> {
    this.subscription = await this.client.watch(
      this.resource,
      this.options.namespace,
      {
        resourceVersion: this.resourceVersion,
        allowBookmarks: true,
        ...(this.options.labelSelector === undefined ? {} : { labelSelector: this.options.labelSelector }),
        ...(this.options.fieldSelector === undefined ? {} : { fieldSelector: this.options.fieldSelector }),
      },
      (type, obj) => {
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') this.apply(type, obj);
        if (type !== 'ERROR' && obj.metadata.resourceVersion !== undefined) this.resourceVersion = obj.metadata.resourceVersion;
      },
    );
    if (!this.running) this.subscription.close();
    return this.subscription.done;
  }

  private apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject): void {
    if (type === 'DELETED') {
      const gone = this.cache.remove(objectKeyOf(obj.metadata));
      for (const h of this.handlers) h.onDelete?.(gone ?? obj);
      return;
    }
    const old = this.cache.upsert(obj);
    if (old === undefined) for (const h of this.handlers) h.onAdd?.(obj);
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) for (const h of this.handlers) h.onUpdate?.(old, obj);
  }
}
