import type { KubeList, KubeObject, Status, WatchEventType } from '../api/types/meta.ts';
import type { ResourceRef } from './resources.ts';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface WatchOptions {
  /** '' or '0': the current state first, as ADDED events */
  resourceVersion: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowBookmarks?: boolean;
}

export interface WatchSubscription {
  /** resolves when the watch ends: undefined when closed or timed out, the error otherwise (410 Expired included) */
  readonly done: Promise<Error | undefined>;
  close(): void;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  subresource?: 'status' | 'scale';
  force?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  gracePeriodSeconds?: number;
  dryRun?: boolean;
}

/**
 * The API as controllers, the scheduler, agents and the CLI use it. Two
 * implementations behave the same: over HTTPS, and in-process for the
 * all-in-one control plane (through the API server's admission, never into
 * the store directly). Failures are ApiErrors with Kubernetes' codes.
 * Objects handed out (watch events, lists) may be shared with caches: treat
 * them as read-only and clone before changing.
 */
export interface ApiClient {
  get<T extends KubeObject = KubeObject>(resource: ResourceRef, namespace: string | undefined, name: string): Promise<T>;
  list<T extends KubeObject = KubeObject>(resource: ResourceRef, namespace: string | undefined, options?: ListOptions): Promise<KubeList<T>>;
  watch(
    resource: ResourceRef,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (type: WatchEventType, object: KubeObject) => void,
  ): Promise<WatchSubscription>;
  create<T extends KubeObject = KubeObject>(resource: ResourceRef, object: KubeObject, options?: WriteOptions): Promise<T>;
  /** `finalize`: a Namespace's spec.finalizers (PUT namespaces/NAME/finalize) */
  update<T extends KubeObject = KubeObject>(resource: ResourceRef, object: KubeObject, options?: WriteOptions & { subresource?: 'status' | 'finalize' }): Promise<T>;
  patch<T extends KubeObject = KubeObject>(
    resource: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options?: PatchOptions,
  ): Promise<T>;
  delete(resource: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<KubeObject | Status>;
  /** POST to a subresource: `binding` of a pod, `eviction` */
  createSubresource(resource: ResourceRef, namespace: string | undefined, name: string, subresource: string, body: unknown): Promise<unknown>;
}
