import { afterEach, beforeEach, expect } from 'vitest';
import { ApiError, type ApiErrorCode } from '../../core/api/errors.ts';
import type { KubeObject, WatchEventType } from '../../core/api/types/meta.ts';
import type { StoreBackend } from '../../core/contracts/store-backend.ts';
import { ObjectStore } from '../../core/store/object-store.ts';
import { WatchCache, type CachedEvent, type WatchSink } from '../../core/store/watch-cache.ts';
import type { BackendUnderTest } from './store-backend.conformance.ts';
import { waitFor } from './wait-for.ts';

export interface ObjectStoreHarness {
  backend: StoreBackend;
  store: ObjectStore;
  cache: WatchCache;
}

/**
 * Registers hooks that build a fresh backend, ObjectStore and started
 * WatchCache per test; the returned object reads the current test's ones.
 */
export function useObjectStoreHarness(makeBackend: () => Promise<BackendUnderTest>): ObjectStoreHarness {
  let current: (ObjectStoreHarness & { cleanup: () => Promise<void> }) | undefined;
  const now = (): ObjectStoreHarness => {
    if (current === undefined) throw new Error('the object store harness is only available inside a test');
    return current;
  };
  beforeEach(async () => {
    const subject = await makeBackend();
    await subject.backend.open();
    const store = new ObjectStore(subject.backend);
    const cache = new WatchCache(subject.backend, store);
    await cache.start();
    current = { backend: subject.backend, store, cache, cleanup: subject.cleanup };
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    if (done === undefined) return;
    done.cache.stop();
    await done.backend.close();
    await done.cleanup();
  });
  return {
    get backend() {
      return now().backend;
    },
    get store() {
      return now().store;
    },
    get cache() {
      return now().cache;
    },
  };
}

/** A watch sink that records what the watch cache sends. */
export class WatchRecorder implements WatchSink {
  readonly sent: { type: WatchEventType; object: KubeObject }[] = [];
  readonly failures: { code: number; reason: string; message: string }[] = [];

  send(type: WatchEventType, event: CachedEvent): void {
    this.sent.push({ type, object: event.object });
  }

  fail(status: { code: number; reason: string; message: string }): void {
    this.failures.push(status);
  }

  async waitFor(count: number): Promise<string[]> {
    await waitFor(() => this.sent.length >= count, `${count} watch events (have ${this.summary().join(', ')})`);
    return this.summary();
  }

  /** `TYPE name` per event, e.g. `ADDED a` */
  summary(): string[] {
    return this.sent.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`);
  }
}

/** asserts that `action` rejects with an ApiError of `code`, and returns it */
export async function expectApiError(action: Promise<unknown>, code: ApiErrorCode): Promise<ApiError> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  if (!(error instanceof ApiError)) throw new Error('unreachable');
  expect(error.code).toBe(code);
  return error;
}
