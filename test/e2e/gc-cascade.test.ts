import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupGarbageCollector } from '../../core/controllers/garbage-collector/garbage-collector.ts';
import { ControllerManager } from '../../core/controllers/framework/manager.ts';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { eventually } from './support/eventually.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

/** Cascading deletion with the real kubectl: background (the default), --cascade=foreground and --cascade=orphan. */

let cluster: TestCluster;
let manager: ControllerManager;

const ok = (args: string[], input?: string): Promise<string> => kubectlOk(cluster.kubeconfig, args, input === undefined ? {} : { input });
const jsonpath = (resource: string, name: string, path: string): Promise<string> => ok(['get', resource, name, '-o', `jsonpath=${path}`]);
const uidOf = (resource: string, name: string): Promise<string> => jsonpath(resource, name, '{.metadata.uid}');
const exists = async (resource: string, name: string): Promise<boolean> => {
  const result = await kubectl(cluster.kubeconfig, ['get', resource, name, '-o', 'name']);
  if (result.code === 0) return true;
  expect(result.stderr).toContain('NotFound');
  return false;
};
const gone = async (resource: string, ...names: string[]): Promise<void> => {
  for (const name of names) expect(await exists(resource, name), `${resource}/${name} should be gone`).toBe(false);
};

interface Owner {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  block?: boolean;
}

function configMap(name: string, owners: Owner[], finalizers: string[] = []): string {
  const refs = owners.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, uid: o.uid, ...(o.block === undefined ? {} : { blockOwnerDeletion: o.block }) }));
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ownerReferences: refs, ...(finalizers.length > 0 ? { finalizers } : {}) }, data: { k: 'v' } });
}

async function owner(name: string): Promise<Owner> {
  await ok(['create', 'configmap', name]);
  return { apiVersion: 'v1', kind: 'ConfigMap', name, uid: await uidOf('configmap', name) };
}

async function dependents(owners: Owner[], ...names: string[]): Promise<void> {
  for (const name of names) await ok(['create', '-f', '-'], configMap(name, owners));
}

function startCollector(): ControllerManager {
  const m = new ControllerManager(cluster.plane.client, pino({ level: 'silent' }));
  m.add((ctx) => setupGarbageCollector(ctx));
  m.start();
  return m;
}

beforeAll(async () => {
  cluster = await startCluster('', { garbageCollection: true });
  manager = startCollector();
});

afterAll(async () => {
  await manager.stop();
  await cluster.stop();
});

describe('background cascading deletion (the kubectl default)', () => {
  it('deletes the dependents of a deleted owner; one with another owner only lets go of it', async () => {
    const parent = await owner('bg-owner');
    const other = await owner('bg-other');
    await dependents([parent], 'bg-a', 'bg-b');
    await dependents([parent, other], 'bg-shared');
    expect(await ok(['delete', 'configmap', 'bg-owner'])).toBe('configmap "bg-owner" deleted\n');
    await eventually(() => gone('configmap', 'bg-a', 'bg-b'));
    await eventually(async () => expect(await jsonpath('configmap', 'bg-shared', '{.metadata.ownerReferences[*].name}')).toBe('bg-other'));
  });

  it('deletes the pods of a ReplicaSet, across kinds', async () => {
    await ok(['apply', '-f', 'test/fixtures/manifests/replicaset.yaml']);
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'frontend', uid: await uidOf('replicaset', 'frontend') };
    for (const name of ['frontend-a', 'frontend-b']) {
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { tier: 'frontend' }, ownerReferences: [{ ...rs, controller: true, blockOwnerDeletion: true }] },
        spec: { containers: [{ name: 'php-redis', image: 'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5' }] },
      };
      await ok(['create', '-f', '-'], JSON.stringify(pod));
    }
    expect(await ok(['delete', 'replicaset', 'frontend'])).toBe('replicaset.apps "frontend" deleted\n');
    await eventually(() => gone('pod', 'frontend-a', 'frontend-b'));
  });

  it('collects an object whose owner never existed', async () => {
    await dependents([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-0000-0000-000000000000' }], 'bg-dangling');
    await eventually(() => gone('configmap', 'bg-dangling'));
  });

  it('catches up on owners deleted while it was not running', async () => {
    const parent = await owner('bg-while-down');
    await dependents([parent], 'bg-late');
    await manager.stop();
    await ok(['delete', 'configmap', 'bg-while-down']);
    expect(await exists('configmap', 'bg-late')).toBe(true);
    manager = startCollector();
    await eventually(() => gone('configmap', 'bg-late'));
  });
});

describe('--cascade=foreground', () => {
  it('keeps the owner, marked, until its blocking dependents are gone', async () => {
    const parent = await owner('fg-owner');
    await ok(['create', '-f', '-'], configMap('fg-held', [{ ...parent, block: true }], ['example.com/hold']));
    await dependents([parent], 'fg-loose');
    expect(await ok(['delete', 'configmap', 'fg-owner', '--cascade=foreground', '--wait=false'])).toBe('configmap "fg-owner" deleted\n');
    // The loose dependent goes; the held one is being deleted and the owner waits for it.
    await eventually(() => gone('configmap', 'fg-loose'));
    await eventually(async () => expect(await jsonpath('configmap', 'fg-held', '{.metadata.deletionTimestamp}')).not.toBe(''));
    expect(await jsonpath('configmap', 'fg-owner', '{.metadata.finalizers}')).toBe('["foregroundDeletion"]');
    expect(await jsonpath('configmap', 'fg-owner', '{.metadata.deletionTimestamp}')).not.toBe('');
    await ok(['patch', 'configmap', 'fg-held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await eventually(() => gone('configmap', 'fg-held', 'fg-owner'));
  });

  it('kubectl returns once the whole chain is gone, leaves first', async () => {
    const top = await owner('fg-top');
    await ok(['create', '-f', '-'], configMap('fg-middle', [{ ...top, block: true }]));
    const middle = { apiVersion: 'v1', kind: 'ConfigMap', name: 'fg-middle', uid: await uidOf('configmap', 'fg-middle') };
    await ok(['create', '-f', '-'], configMap('fg-leaf', [{ ...middle, block: true }]));
    expect(await ok(['delete', 'configmap', 'fg-top', '--cascade=foreground'])).toBe('configmap "fg-top" deleted\n');
    await gone('configmap', 'fg-top', 'fg-middle', 'fg-leaf');
  });
});

describe('--cascade=orphan', () => {
  it('deletes the owner and leaves its dependents without the reference to it', async () => {
    const parent = await owner('or-owner');
    const other = await owner('or-other');
    await dependents([parent], 'or-a');
    await ok(['create', '-f', '-'], configMap('or-b', [{ ...parent, block: true }, other]));
    expect(await ok(['delete', 'configmap', 'or-owner', '--cascade=orphan'])).toBe('configmap "or-owner" deleted\n');
    await gone('configmap', 'or-owner');
    expect(await jsonpath('configmap', 'or-a', '{.metadata.ownerReferences}')).toBe('');
    expect(await jsonpath('configmap', 'or-b', '{.metadata.ownerReferences[*].name}')).toBe('or-other');
  });
});
