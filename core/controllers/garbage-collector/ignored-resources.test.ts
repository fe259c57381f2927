import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Resources } from '../../client/resources.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { inProcessApiClient } from '../../../test/support/in-process-api.ts';
import { ControllerManager } from '../framework/manager.ts';
import { setupNamespaceController } from '../namespace/namespace-controller.ts';
import { isIgnoredByCollector, setupGarbageCollector } from './garbage-collector.ts';

/** the client, with the resources anyone listed or watched through it */
function recordingReads(client: ApiClient): { client: ApiClient; read: Set<string> } {
  const read = new Set<string>();
  const recording = new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if ((property === 'list' || property === 'watch') && typeof value === 'function') {
        return (...args: unknown[]) => {
          const resource = args[0] as { plural: string };
          read.add(resource.plural);
          return Reflect.apply(value, target, args);
        };
      }
      return value;
    },
  });
  return { client: recording, read };
}

describe('resources the garbage collector and the namespace controller leave alone', () => {
  let manager: ControllerManager | undefined;
  afterEach(async () => {
    await manager?.stop();
  });

  it("ignores Events, as Kubernetes' DefaultIgnoredResources", () => {
    expect(isIgnoredByCollector(Resources.events)).toBe(true);
    expect(isIgnoredByCollector({ ...Resources.events, group: 'events.k8s.io' })).toBe(true);
    expect(isIgnoredByCollector(Resources.pods)).toBe(false);
    expect(isIgnoredByCollector({ ...Resources.pods, plural: 'events', group: 'example.com' })).toBe(false);
  });

  it('neither lists nor watches Events, so no informer holds every Event of the cluster', async () => {
    const { client, read } = recordingReads(await inProcessApiClient('test'));
    manager = new ControllerManager(client, pino({ level: 'silent' }));
    manager.add((ctx) => setupGarbageCollector(ctx));
    manager.add((ctx) => setupNamespaceController(ctx));
    await manager.start();
    expect(read.has('pods')).toBe(true);
    expect(read.has('replicasets')).toBe(true);
    expect(read.has('events')).toBe(false);
  });
});
