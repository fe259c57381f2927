import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/errors.ts';
import type { NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import type { KubeObject } from '../../../api/types/meta.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import type { EventRecorder } from '../../framework/event-recorder.ts';
import { viewClaim } from './cluster-view.ts';
import { progressReplacement, type ReplacementStep } from './replacements.ts';
import { at, claim, node, pool, snapshotOf, stamp } from './test-fixtures.ts';

/** The calls the state machine makes, and the claims the API holds. */
function fakeApi(stored: NodeClaimObject[]) {
  const calls: string[] = [];
  const events: string[] = [];
  const byName = new Map(stored.map((c) => [c.metadata.name ?? '', c]));
  const client = {
    get: async (_resource: unknown, _namespace: unknown, name: string) => {
      const found = byName.get(name);
      if (found === undefined) throw new ApiError('NotFound', `nodeclaims "${name}" not found`);
      return found;
    },
    patch: async (_resource: unknown, _namespace: unknown, name: string, _type: unknown, patch: unknown) => {
      calls.push(`patch ${name} ${JSON.stringify(patch)}`);
      return byName.get(name);
    },
    delete: async (_resource: unknown, _namespace: unknown, name: string) => {
      calls.push(`delete ${name}`);
      return { kind: 'Status' };
    },
  } as unknown as ApiClient;
  const recorder = { record: (object: KubeObject, _type: string, reason: string, message: string) => events.push(`${object.metadata.name ?? ''} ${reason}: ${message}`) } as unknown as EventRecorder;
  return { client, recorder, calls, events };
}

const old = claim('old', { annotations: { 'kubernel.dev/replaced-by': 'new' } });
const oldView = () => viewClaim(snapshotOf({ pools: [pool('default')], claims: [old], nodes: [node('node-old')] }), old);
const fresh = (ready: boolean, extra: Partial<NodeClaimObject['metadata']> = {}): NodeClaimObject => {
  const base = claim('new', { initializedAt: ready ? 5 : undefined, creationAt: 0 });
  return { ...base, metadata: { ...base.metadata, ...extra } };
};
const unmark = `patch old ${JSON.stringify({ metadata: { annotations: { 'kubernel.dev/replaced-by': null } } })}`;

describe('progressReplacement: the replaced-by state machine', () => {
  it.each<[string, NodeClaimObject | undefined, NodeClaimObject[], number, ReplacementStep, string[]]>([
    ['replacement Ready: the old claim goes', fresh(true), [], 10, 'replaced', ['delete old']],
    ['replacement launching: wait', fresh(false), [], 10, 'waiting', []],
    ['replacement not in the cache but in the API: wait', undefined, [fresh(false)], 10, 'waiting', []],
    ['replacement gone: the old claim is back in service', undefined, [], 10, 'abandoned', [unmark]],
    ['replacement being deleted: back in service', fresh(false, { deletionTimestamp: stamp(at(3)) }), [], 10, 'abandoned', [unmark]],
    ['replacement not Ready in time: it is removed and the old claim stays', fresh(false), [], 700, 'abandoned', ['delete new', unmark]],
  ])('%s', async (_, cached, inApi, nowSeconds, step, calls) => {
    const api = fakeApi(inApi);
    const result = await progressReplacement(oldView(), cached, {
      client: api.client,
      events: api.recorder,
      logger: pino({ level: 'silent' }),
      now: () => at(nowSeconds),
      timeoutMs: 600_000,
      announcedWaiting: new Set(),
    });
    expect(result).toBe(step);
    expect(api.calls).toEqual(calls);
  });

  it('says once that it waits for the replacement', async () => {
    const api = fakeApi([]);
    const deps = { client: api.client, events: api.recorder, logger: pino({ level: 'silent' }), now: () => at(10), timeoutMs: 600_000, announcedWaiting: new Set<string>() };
    for (let i = 0; i < 3; i++) await progressReplacement(oldView(), fresh(false), deps);
    expect(api.events).toEqual(['new DisruptionWaitingReadiness: Waiting on readiness to continue disruption']);
  });

  it('explains the deletion once the replacement is Ready', async () => {
    const api = fakeApi([]);
    await progressReplacement(oldView(), fresh(true), { client: api.client, events: api.recorder, logger: pino({ level: 'silent' }), now: () => at(10), timeoutMs: 600_000, announcedWaiting: new Set() });
    expect(api.events).toEqual(['old DisruptionTerminating: Disrupting NodeClaim: Underutilized, replaced by new', 'node-old DisruptionTerminating: Disrupting Node: Underutilized, replaced by new']);
  });
});
