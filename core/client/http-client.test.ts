import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types/meta.ts';
import { configMap as cm, namesOf as names, outcome, startComparison, twoContainerPod as pod, type Comparison } from './http-compare-clients.ts';
import { Resources } from './resources.ts';

/** One scenario table through the in-process and the HTTPS client against the same real control plane. */
let comparison: Comparison;
const both: Comparison['both'] = (scenario) => comparison.both(scenario);

beforeAll(async () => {
  comparison = await startComparison();
});

afterAll(async () => {
  await comparison.stop();
});

describe('both API clients', () => {
  it('create, get, and list with label and field selectors, limit and continue', async () => {
    const result = await both(async (c, ns) => {
      for (const [name, tier] of [['a', 'front'], ['b', 'back'], ['c', 'front']] as const) await c.create(Resources.configMaps, cm(ns, name, { app: 'web', tier }));
      const got = await c.get(Resources.configMaps, ns, 'b');
      const page1 = await c.list(Resources.configMaps, ns, { limit: 2 });
      const page2 = await c.list(Resources.configMaps, ns, { limit: 2, ...(page1.metadata.continue === undefined ? {} : { continue: page1.metadata.continue }) });
      return {
        got: [got.apiVersion, got.kind, got.metadata.namespace, got.metadata.name, got['data']],
        front: names(await c.list(Resources.configMaps, ns, { labelSelector: 'app=web,tier=front' })),
        byName: names(await c.list(Resources.configMaps, ns, { fieldSelector: 'metadata.name=b' })),
        page1: [names(page1), page1.metadata.continue !== undefined, page1.metadata.remainingItemCount],
        page2: [names(page2), page2.metadata.continue ?? 'none'],
      };
    });
    expect(result).toEqual({
      got: ['v1', 'ConfigMap', 'NS', 'b', { x: '1' }],
      front: ['a', 'c'],
      byName: ['b'],
      page1: [['a', 'b'], true, 1],
      page2: [['c'], 'none'],
    });
  });

  it('AlreadyExists, NotFound and Invalid with its causes', async () => {
    const result = await both(async (c, ns) => {
      await c.create(Resources.configMaps, cm(ns, 'a'));
      return {
        duplicate: await outcome(c.create(Resources.configMaps, cm(ns, 'a'))),
        missing: await outcome(c.get(Resources.configMaps, ns, 'nope')),
        invalid: await outcome(c.create(Resources.configMaps, cm(ns, 'Not_A_Name'))),
      };
    });
    expect(result.duplicate).toEqual({ error: 'AlreadyExists', message: 'configmaps "a" already exists', target: { group: '', kind: 'configmaps', name: 'a' }, causes: [] });
    expect(result.missing).toEqual({ error: 'NotFound', message: 'configmaps "nope" not found', target: { group: '', kind: 'configmaps', name: 'nope' }, causes: [] });
    expect(result.invalid).toMatchObject({ error: 'Invalid', message: expect.stringMatching(/^ConfigMap "Not_A_Name" is invalid: metadata\.name: Invalid value/) });
    expect(result.invalid).toMatchObject({ causes: [expect.objectContaining({ field: 'metadata.name', reason: 'FieldValueInvalid' })] });
  });

  it('an update with a stale resourceVersion is a Conflict', async () => {
    const result = await both(async (c, ns) => {
      const created = await c.create(Resources.configMaps, cm(ns, 'u'));
      const updated = await c.update(Resources.configMaps, { ...created, data: { x: '2' } });
      const stale = await outcome(c.update(Resources.configMaps, { ...created, data: { x: '3' } }));
      return { changed: updated.metadata.resourceVersion !== created.metadata.resourceVersion, data: updated['data'], stale, now: (await c.get(Resources.configMaps, ns, 'u'))['data'] };
    });
    expect(result).toEqual({
      changed: true,
      data: { x: '2' },
      stale: { error: 'Conflict', message: 'Operation cannot be fulfilled on configmaps "u": the object has been modified; please apply your changes to the latest version and try again', target: { group: '', kind: 'configmaps', name: 'u' }, causes: [] },
      now: { x: '2' },
    });
  });

  it('merge, strategic, json and apply patches', async () => {
    const result = await both(async (c, ns) => {
      await c.create(Resources.configMaps, cm(ns, 'p'));
      await c.create(Resources.pods, pod(ns, 'web'));
      const merged = await c.patch(Resources.configMaps, ns, 'p', 'merge', { data: { m: 'yes' }, metadata: { labels: { patched: 'merge' } } });
      const jsonPatched = await c.patch(Resources.configMaps, ns, 'p', 'json', [{ op: 'add', path: '/data/j', value: 'yes' }, { op: 'remove', path: '/data/x' }]);
      const failedTest = await outcome(c.patch(Resources.configMaps, ns, 'p', 'json', [{ op: 'test', path: '/data/j', value: 'no' }]));
      // Strategic merge joins containers by name; a merge patch would have replaced the list.
      const strategic = await c.patch<KubeObject & { spec: { containers: { name: string; image: string }[] } }>(Resources.pods, ns, 'web', 'strategic', { spec: { containers: [{ name: 'b', image: 'busybox:2' }] } });
      const apply = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { k: 'v' } };
      const applied = await c.patch(Resources.configMaps, ns, 'applied', 'apply', apply, { fieldManager: 'tester' });
      const contested = await outcome(c.patch(Resources.configMaps, ns, 'applied', 'apply', { ...apply, data: { k: 'w' } }, { fieldManager: 'other' }));
      const forced = await c.patch(Resources.configMaps, ns, 'applied', 'apply', { ...apply, data: { k: 'w' } }, { fieldManager: 'other', force: true });
      const dryRun = await c.patch(Resources.configMaps, ns, 'p', 'merge', { data: { dry: 'run' } }, { dryRun: true });
      return {
        merged: [merged['data'], merged.metadata.labels],
        jsonPatched: jsonPatched['data'],
        failedTest: 'error' in failedTest ? failedTest.error : 'ok',
        containers: strategic.spec.containers.map((k) => `${k.name}=${k.image}`),
        applied: [applied['data'], applied.metadata.managedFields?.map((f) => `${f.manager ?? ''}:${f.operation ?? ''}`)],
        contested: 'error' in contested ? [contested.error, contested.message] : 'ok',
        forced: [forced['data'], forced.metadata.managedFields?.map((f) => `${f.manager ?? ''}:${f.operation ?? ''}`)],
        dryRun: [dryRun['data'], (await c.get(Resources.configMaps, ns, 'p'))['data']],
      };
    });
    expect(result).toEqual({
      merged: [{ x: '1', m: 'yes' }, { patched: 'merge' }],
      jsonPatched: { m: 'yes', j: 'yes' },
      failedTest: 'Invalid',
      containers: ['a=busybox:1', 'b=busybox:2'],
      applied: [{ k: 'v' }, ['tester:Apply']],
      contested: ['Conflict', expect.stringContaining('conflict')],
      forced: [{ k: 'w' }, ['other:Apply']],
      dryRun: [{ m: 'yes', j: 'yes', dry: 'run' }, { m: 'yes', j: 'yes' }],
    });
  });

  it('the status subresource changes the status only', async () => {
    const result = await both(async (c, ns) => {
      const created = await c.create(Resources.pods, pod(ns, 'st'));
      const viaUpdate = await c.update(Resources.pods, { ...created, metadata: { ...created.metadata, labels: { app: 'changed' } }, status: { phase: 'Pending', message: 'from update' } }, { subresource: 'status' });
      const viaPatch = await c.patch(Resources.pods, ns, 'st', 'merge', { status: { reason: 'FromPatch' }, metadata: { labels: { app: 'patched' } } }, { subresource: 'status' });
      const status = (o: KubeObject): unknown => {
        const s = o['status'];
        return typeof s === 'object' && s !== null ? { ...s, conditions: undefined, qosClass: undefined, startTime: undefined } : s;
      };
      return { update: [viaUpdate.metadata.labels, status(viaUpdate)], patch: [viaPatch.metadata.labels, status(viaPatch)] };
    });
    expect(result.update).toEqual([{ app: 'web' }, expect.objectContaining({ phase: 'Pending', message: 'from update' })]);
    expect(result.patch).toEqual([{ app: 'web' }, expect.objectContaining({ message: 'from update', reason: 'FromPatch' })]);
  });

  it('delete with preconditions, dry run, and what a delete answers', async () => {
    const result = await both(async (c, ns, uids) => {
      const created = await c.create(Resources.configMaps, cm(ns, 'd'));
      const createdPod = await c.create(Resources.pods, pod(ns, 'dp'));
      uids.push(created.metadata.uid ?? '', createdPod.metadata.uid ?? '');
      return {
        wrongUid: await outcome(c.delete(Resources.configMaps, ns, 'd', { preconditions: { uid: 'not-the-uid' } })),
        wrongVersion: isApiError(await c.delete(Resources.configMaps, ns, 'd', { preconditions: { resourceVersion: '1' } }).catch((e: unknown) => e), 'Conflict'),
        dryRun: (await c.delete(Resources.configMaps, ns, 'd', { dryRun: true })).kind,
        stillThere: (await c.get(Resources.configMaps, ns, 'd')).metadata.name,
        deleted: await c.delete(Resources.configMaps, ns, 'd', { preconditions: { uid: created.metadata.uid ?? '' }, propagationPolicy: 'Background' }),
        gone: await outcome(c.get(Resources.configMaps, ns, 'd')),
        deletedPod: [(await c.delete(Resources.pods, ns, 'dp', { gracePeriodSeconds: 0 })).kind],
      };
    });
    expect(result.wrongUid).toMatchObject({ error: 'Conflict', message: expect.stringMatching(/^Operation cannot be fulfilled on .*"d": .*precondition \(not-the-uid\).*\(UID\)/) });
    expect(result).toMatchObject({
      wrongVersion: true,
      dryRun: 'Status',
      stillThere: 'd',
      deleted: { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: 'd', kind: 'configmaps', uid: 'UID' }, code: 200 },
      gone: { error: 'NotFound', message: 'configmaps "d" not found' },
      deletedPod: ['Pod'],
    });
  });

  it('binding a pod with createSubresource', async () => {
    const result = await both(async (c, ns) => {
      await c.create(Resources.pods, pod(ns, 'b'));
      const binding = (node: string): unknown => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'b', namespace: ns }, target: { kind: 'Node', name: node } });
      const answer = await c.createSubresource(Resources.pods, ns, 'b', 'binding', binding('n1'));
      const again = await outcome(c.createSubresource(Resources.pods, ns, 'b', 'binding', binding('n2')));
      const bound = await c.get<KubeObject & { spec: { nodeName?: string } }>(Resources.pods, ns, 'b');
      return { answer, again, nodeName: bound.spec.nodeName };
    });
    expect(result).toEqual({
      answer: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 },
      again: { error: 'Conflict', message: 'Operation cannot be fulfilled on pods "b": pod b is already assigned to node "n1"', target: { group: '', kind: 'pods', name: 'b' }, causes: [] },
      nodeName: 'n1',
    });
  });
});
