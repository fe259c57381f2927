/**
 * An ApiClient for tests of bootstrap and certificate code: writes are
 * recorded (and may be made to fail), reads are not needed there.
 */
import type { KubeList, KubeObject, Status } from '../api/types/meta.ts';
import type { ApiClient, DeleteOptions, WatchSubscription, WriteOptions } from '../client/api-client.ts';
import type { ResourceRef } from '../client/resources.ts';
import { cloneJson } from '../api/types/clone-json.ts';

export interface RecordedWrite {
  resource: ResourceRef;
  object: KubeObject;
  options: Record<string, unknown>;
}

export class RecordingClient implements ApiClient {
  readonly creates: RecordedWrite[] = [];
  readonly updates: RecordedWrite[] = [];
  readonly deletes: { resource: ResourceRef; namespace: string | undefined; name: string; options: DeleteOptions }[] = [];
  /** thrown by the next creates, one each */
  createErrors: Error[] = [];
  deleteError: Error | undefined;

  async get<T extends KubeObject>(): Promise<T> {
    throw new Error('not used');
  }

  async list<T extends KubeObject>(): Promise<KubeList<T>> {
    throw new Error('not used');
  }

  async watch(): Promise<WatchSubscription> {
    throw new Error('not used');
  }

  async create<T extends KubeObject>(resource: ResourceRef, object: KubeObject, options: WriteOptions = {}): Promise<T> {
    const error = this.createErrors.shift();
    if (error !== undefined) throw error;
    this.creates.push({ resource, object: cloneJson(object), options: { ...options } });
    return cloneJson(object) as T;
  }

  async update<T extends KubeObject>(resource: ResourceRef, object: KubeObject, options: WriteOptions & { subresource?: 'status' | 'finalize' } = {}): Promise<T> {
    this.updates.push({ resource, object: cloneJson(object), options: { ...options } });
    return cloneJson(object) as T;
  }

  async patch<T extends KubeObject>(): Promise<T> {
    throw new Error('not used');
  }

  async delete(resource: ResourceRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<KubeObject | Status> {
    if (this.deleteError !== undefined) throw this.deleteError;
    this.deletes.push({ resource, namespace, name, options });
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };
  }

  async createSubresource(): Promise<unknown> {
    throw new Error('not used');
  }
}
