// The control plane's x509 needs the reflect polyfill loaded before it (as the kernel loads it).
import 'reflect-metadata';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../../../test/e2e/support/cluster.ts';
import { eventually } from '../../../../test/e2e/support/eventually.ts';
import { isApiError } from '../../../api/errors.ts';
import type { NodePoolSpec } from '../../../api/kinds/nodepool/types.ts';
import type { KubeObject } from '../../../api/types/meta.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import { Resources } from '../../../client/resources.ts';
import type { InstanceType } from '../../../contracts/node-provider.ts';
import { startDisruptionController, type DisruptionController } from './index.ts';
import { instanceType } from './test-fixtures.ts';

/**
 * A real control plane with only the disruption controller running. Nodes,
 * NodeClaims, pods and PDBs are written directly; claims carry the
 * lifecycle's finalizer, so a deletion shows as a deletionTimestamp (the
 * drain is the lifecycle's part, not tested here).
 */

const FINALIZER = 'kubernel.dev/termination';
const stamp = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const catalog: InstanceType[] = [instanceType('m.large', 2000, 0.096), instanceType('m.xlarge', 4000, 0.192)];

let cluster: TestCluster | undefined;
let controller: DisruptionController | undefined;

async function start(): Promise<ApiClient> {
  cluster = await startCluster('store:\n  backend: memory\n');
  return cluster.plane.client;
}

async function runController(client: ApiClient, types: InstanceType[] = catalog): Promise<void> {
  controller = await startDisruptionController({ client, logger: pino({ level: 'silent' }), instanceTypesOf: () => types, intervalMs: 200, wakeDelayMs: 20 });
}

afterEach(async () => {
  await controller?.stop();
  await cluster?.stop();
  controller = undefined;
  cluster = undefined;
});

async function createPool(client: ApiClient, name: string, disruption: NodePoolSpec['disruption']): Promise<void> {
  await client.create(Resources.nodePools, { apiVersion: 'kubernel.dev/v1alpha1', kind: 'NodePool', metadata: { name }, spec: { provider: 'simulated', disruption } });
}

/** a Ready node of `cpu` cores and its Initialized claim, as the lifecycle leaves them */
async function createClaim(client: ApiClient, name: string, pool: string, options: { cpu?: string; type?: string; nodeAnnotations?: Record<string, string> } = {}): Promise<void> {
  const resources = { cpu: options.cpu ?? '4', memory: '16Gi', pods: '110' };
  const type = options.type ?? 'm.xlarge';
  await client.create(Resources.nodes, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernel.dev/node-pool': pool, 'node.kubernetes.io/instance-type': type }, ...(options.nodeAnnotations === undefined ? {} : { annotations: options.nodeAnnotations }) },
    spec: {},
    status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }] },
  });
  const claim = await client.create(Resources.nodeClaims, {
    apiVersion: 'kubernel.dev/v1alpha1',
    kind: 'NodeClaim',
    metadata: { name, finalizers: [FINALIZER], labels: { 'kubernel.dev/node-pool': pool, 'node.kubernetes.io/instance-type': type } },
    spec: { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: [type] }] },
  });
  await markReady(client, claim, name);
}

async function markReady(client: ApiClient, claim: KubeObject, nodeName: string): Promise<void> {
  const now = stamp();
  const conditions = ['Launched', 'Registered', 'Initialized', 'Ready'].map((type) => ({ type, status: 'True', reason: type, message: '', lastTransitionTime: now }));
  await client.update(Resources.nodeClaims, { ...claim, status: { nodeName, conditions } }, { subresource: 'status' });
}

async function createPod(client: ApiClient, name: string, nodeName: string, cpu: string, labels: Record<string, string> = { app: name }): Promise<void> {
  await client.create(Resources.pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { nodeName, containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu, memory: '128Mi' } } }] },
  });
}

const claimOf = (client: ApiClient, name: string): Promise<KubeObject> => client.get(Resources.nodeClaims, undefined, name);

async function isDeleting(client: ApiClient, name: string): Promise<boolean> {
  try {
    return (await claimOf(client, name)).metadata.deletionTimestamp !== undefined;
  } catch (error) {
    if (isApiError(error, 'NotFound')) return true;
    throw error;
  }
}

async function eventsAbout(client: ApiClient, name: string): Promise<KubeObject[]> {
  return (await client.list(Resources.events, 'default', { fieldSelector: `involvedObject.name=${name}` })).items;
}

async function deleting(client: ApiClient, names: string[]): Promise<string[]> {
  const flags = await Promise.all(names.map((n) => isDeleting(client, n)));
  return names.filter((_, i) => flags[i]);
}

async function releaseFinalizer(client: ApiClient, name: string): Promise<void> {
  await client.patch(Resources.nodeClaims, undefined, name, 'merge', { metadata: { finalizers: null } });
}

describe('disruption controller in a real control plane', () => {
  it('deletes an empty claim once it has been empty for consolidateAfter, saying why', async () => {
    const client = await start();
    await createPool(client, 'idle', { consolidationPolicy: 'WhenEmpty', consolidateAfter: '3s' });
    await createClaim(client, 'idle-1', 'idle');
    await createPod(client, 'agent', 'idle-1', '100m');
    // A DaemonSet pod does not make a node busy.
    await client.patch(Resources.pods, 'default', 'agent', 'merge', { metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'uid-agent' }] } });
    const createdAt = Date.now();
    await runController(client);

    const empty = await eventually(async () => {
      const conditions = ((await claimOf(client, 'idle-1'))['status'] as { conditions?: { type: string; status: string; lastTransitionTime?: string }[] }).conditions ?? [];
      const condition = conditions.find((c) => c.type === 'Empty');
      if (condition === undefined) throw new Error('no Empty condition yet');
      return condition;
    });
    expect(empty.status).toBe('True');
    expect(await isDeleting(client, 'idle-1')).toBe(false);

    await eventually(async () => expect(await isDeleting(client, 'idle-1')).toBe(true), 8_000);
    // Empty since its initialization (second precision): never before consolidateAfter minus that second.
    expect(Date.now() - createdAt).toBeGreaterThanOrEqual(2_000);
    const events = await eventually(async () => {
      const found = (await eventsAbout(client, 'idle-1')).filter((e) => e['reason'] === 'DisruptionTerminating');
      expect(found.length).toBeGreaterThanOrEqual(2);
      return found;
    });
    expect(events.map((e) => e['message']).sort()).toEqual(['Disrupting Node: Empty', 'Disrupting NodeClaim: Empty']);
  });

  it('deletes an underutilized claim whose pods fit on another node', async () => {
    const client = await start();
    await createPool(client, 'web', { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s', budgets: [{ nodes: '100%' }] });
    await createClaim(client, 'web-small', 'web');
    await createClaim(client, 'web-big', 'web');
    await createPod(client, 'lonely', 'web-small', '500m');
    await createPod(client, 'busy-1', 'web-big', '1');
    await createPod(client, 'busy-2', 'web-big', '1');
    await runController(client, []);

    await eventually(async () => expect(await isDeleting(client, 'web-small')).toBe(true), 8_000);
    await eventually(async () => {
      const messages = (await eventsAbout(client, 'web-small')).map((e) => e['message']);
      expect(messages).toContain('Disrupting NodeClaim: Underutilized (pods fit on other nodes)');
    });
    // The other one must hold the moved pods: it stays.
    await sleep(600);
    expect(await isDeleting(client, 'web-big')).toBe(false);
  });

  it('replaces an underutilized claim with a cheaper one and deletes it once the replacement is Ready', async () => {
    const client = await start();
    await createPool(client, 'web', { consolidateAfter: '0s', budgets: [{ nodes: '100%' }] });
    await createClaim(client, 'web-old', 'web');
    await createClaim(client, 'web-full', 'web');
    await createPod(client, 'app', 'web-old', '1500m');
    await createPod(client, 'hog', 'web-full', '3800m');
    await runController(client);

    const replacement = await eventually(async () => {
      const name = (await claimOf(client, 'web-old')).metadata.annotations?.['kubernel.dev/replaced-by'];
      if (name === undefined) throw new Error('no replacement yet');
      return claimOf(client, name);
    }, 8_000);
    expect(replacement['spec']).toMatchObject({ requirements: expect.arrayContaining([{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m.large'] }]) });
    expect(replacement.metadata.labels?.['kubernel.dev/node-pool']).toBe('web');
    await eventually(async () => {
      const messages = (await eventsAbout(client, 'web-old')).map((e) => e['message']);
      expect(messages).toContain('Disrupting NodeClaim: Underutilized, replacing with m.large ($0.096/h, was $0.192/h)');
    });
    // Not before the replacement is Ready.
    await sleep(600);
    expect(await isDeleting(client, 'web-old')).toBe(false);

    const name = replacement.metadata.name ?? '';
    await client.create(Resources.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernel.dev/node-pool': 'web' } }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    await markReady(client, await claimOf(client, name), name);
    await eventually(async () => expect(await isDeleting(client, 'web-old')).toBe(true), 8_000);
    // The replacement is empty until web-old's pods move over; it must outlive the passes that follow.
    await sleep(600);
    expect(await isDeleting(client, name)).toBe(false);
  });

  it('leaves a node alone while a PDB allows no disruption of its pods, saying so once', async () => {
    const client = await start();
    await createPool(client, 'web', { consolidateAfter: '0s', budgets: [{ nodes: '100%' }] });
    await createClaim(client, 'web-guarded', 'web');
    await createClaim(client, 'web-pinned', 'web', { nodeAnnotations: { 'kubernel.dev/do-not-disrupt': 'true' } });
    await createPod(client, 'web-1', 'web-guarded', '500m', { app: 'web' });
    await createPod(client, 'other', 'web-pinned', '500m');
    await client.create(Resources.podDisruptionBudgets, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'default' },
      spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'web' } } },
    });
    const pdb = await client.get(Resources.podDisruptionBudgets, 'default', 'web');
    await client.update(Resources.podDisruptionBudgets, { ...pdb, status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } }, { subresource: 'status' });
    await runController(client);

    const blocked = await eventually(async () => {
      const found = (await eventsAbout(client, 'web-guarded')).filter((e) => e['reason'] === 'DisruptionBlocked');
      expect(found.map((e) => e['message']).sort()).toEqual(['Cannot disrupt Node: pdb "default/web" prevents pod evictions', 'Cannot disrupt NodeClaim: pdb "default/web" prevents pod evictions']);
      return found;
    });
    for (let i = 0; i < 3; i++) await controller?.runOnce();
    expect(await isDeleting(client, 'web-guarded')).toBe(false);
    // Recorded once, not once per pass.
    const again = (await eventsAbout(client, 'web-guarded')).filter((e) => e['reason'] === 'DisruptionBlocked');
    expect(again.map((e) => e['count'])).toEqual(blocked.map(() => 1));

    // Once the budget allows a disruption, the node goes (its pod fits on the pinned one).
    const current = await client.get(Resources.podDisruptionBudgets, 'default', 'web');
    await client.update(Resources.podDisruptionBudgets, { ...current, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } });
    const relaxed = await client.get(Resources.podDisruptionBudgets, 'default', 'web');
    await client.update(Resources.podDisruptionBudgets, { ...relaxed, status: { disruptionsAllowed: 1, currentHealthy: 1, desiredHealthy: 0, expectedPods: 1 } }, { subresource: 'status' });
    await eventually(async () => expect(await isDeleting(client, 'web-guarded')).toBe(true), 8_000);
    expect(await isDeleting(client, 'web-pinned')).toBe(false);
  });

  it('with a budget of 1 disrupts one claim at a time', async () => {
    const client = await start();
    await createPool(client, 'batch', { consolidationPolicy: 'WhenEmpty', consolidateAfter: '0s', budgets: [{ nodes: '1' }] });
    const names = ['batch-1', 'batch-2', 'batch-3'];
    for (const name of names) await createClaim(client, name, 'batch');
    await runController(client);

    const [first] = await eventually(async () => {
      const going = await deleting(client, names);
      expect(going).toHaveLength(1);
      return going;
    }, 8_000);
    for (let i = 0; i < 3; i++) await controller?.runOnce();
    expect(await deleting(client, names)).toEqual([first]);

    // The lifecycle finishes the first; the next may go.
    await releaseFinalizer(client, first ?? '');
    const remaining = names.filter((n) => n !== first);
    await eventually(async () => expect(await deleting(client, remaining)).toHaveLength(1), 8_000);
    for (let i = 0; i < 3; i++) await controller?.runOnce();
    expect(await deleting(client, remaining)).toHaveLength(1);
  });
});
