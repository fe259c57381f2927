import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllerManager } from '../../core/controllers/framework/manager.ts';
import { setupGarbageCollector } from '../../core/controllers/garbage-collector/garbage-collector.ts';
import { setupNamespaceController } from '../../core/controllers/namespace/namespace-controller.ts';
import { Resources } from '../../core/client/resources.ts';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { eventually } from './support/eventually.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

/** `kubectl delete namespace`: Terminating, everything inside deleted, then the namespace itself. */

let cluster: TestCluster;
let manager: ControllerManager;

const ok = (args: string[], input?: string): Promise<string> => kubectlOk(cluster.kubeconfig, args, input === undefined ? {} : { input });
const run = (args: string[], input?: string): ReturnType<typeof kubectl> => kubectl(cluster.kubeconfig, args, input === undefined ? {} : { input });
const condition = (ns: string, type: string): Promise<string> =>
  ok(['get', 'namespace', ns, '-o', `jsonpath={.status.conditions[?(@.type=="${type}")].status} {.status.conditions[?(@.type=="${type}")].message}`]);

beforeAll(async () => {
  cluster = await startCluster('', { garbageCollection: true });
  manager = new ControllerManager(cluster.plane.client, pino({ level: 'silent' }));
  manager.add((ctx) => setupGarbageCollector(ctx));
  // Kubernetes waits 5 s before acting on a deleted namespace; the tests need not.
  manager.add((ctx) => setupNamespaceController(ctx, { deletionGracePeriodMs: 200 }));
  manager.start();
});

afterAll(async () => {
  await manager.stop();
  await cluster.stop();
});

describe('kubectl delete namespace', () => {
  it('deletes every kind of object inside, then the namespace', async () => {
    await ok(['create', 'namespace', 'doomed']);
    await ok(['apply', '-n', 'doomed', '-f', 'test/fixtures/manifests/']);
    await ok(['create', 'serviceaccount', 'robot', '-n', 'doomed']);
    expect(await ok(['get', 'configmaps,secrets,deployments,replicasets,services,serviceaccounts', '-n', 'doomed', '-o', 'name'])).not.toBe('');
    expect(await ok(['delete', 'namespace', 'doomed'])).toBe('namespace "doomed" deleted\n');
    const after = await run(['get', 'namespace', 'doomed']);
    expect(after.stderr).toBe('Error from server (NotFound): namespaces "doomed" not found\n');
    for (const resource of [Resources.configMaps, Resources.secrets, Resources.pods, Resources.deployments, Resources.replicaSets, Resources.services, Resources.serviceAccounts]) {
      expect((await cluster.plane.client.list(resource, 'doomed')).items, resource.plural).toEqual([]);
    }
  });

  it('shows Terminating, says what is left and refuses new content until the last finalizer is gone', async () => {
    await ok(['create', 'namespace', 'held']);
    const heldMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', namespace: 'held', finalizers: ['example.com/hold'] } };
    await ok(['create', '-f', '-'], JSON.stringify(heldMap));
    await ok(['create', 'configmap', 'plain', '-n', 'held']);
    expect(await ok(['delete', 'namespace', 'held', '--wait=false'])).toBe('namespace "held" deleted\n');

    expect(await ok(['get', 'namespace', 'held', '--no-headers'])).toMatch(/^held\s+Terminating\s+\d+s\n$/);
    const refused = await run(['create', 'configmap', 'late', '-n', 'held']);
    expect(refused.stderr).toContain('unable to create new content in namespace held because it is being terminated');

    await eventually(async () => {
      expect(await condition('held', 'NamespaceContentRemaining')).toBe('True Some resources are remaining: configmaps. has 1 resource instances');
      expect(await condition('held', 'NamespaceFinalizersRemaining')).toBe('True Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
      expect(await condition('held', 'NamespaceDeletionContentFailure')).toBe('False All content successfully deleted, may be waiting on finalization');
    });
    expect((await run(['get', 'configmap', 'plain', '-n', 'held'])).stderr).toContain('NotFound');
    expect(await ok(['get', 'namespace', 'held', '-o', 'jsonpath={.spec.finalizers}'])).toBe('["kubernetes"]');

    await ok(['patch', 'configmap', 'keep', '-n', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    // Well before Kubernetes' next look (estimate/2+1 = 8 s): the deletion inside brings the namespace back at once.
    await eventually(async () => expect((await run(['get', 'namespace', 'held'])).stderr).toBe('Error from server (NotFound): namespaces "held" not found\n'), 5000);
  });
});

describe('namespaces/NAME/finalize', () => {
  it('is the only way to change spec.finalizers; a namespace without finalizers is deleted at once', async () => {
    await ok(['create', 'namespace', 'manual']);
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'manual' }, spec: { finalizers: [] } });
    const finalized: unknown = JSON.parse(await ok(['replace', '--raw', '/api/v1/namespaces/manual/finalize', '-f', '-'], body));
    expect(finalized).toMatchObject({ kind: 'Namespace', spec: { finalizers: [] }, status: { phase: 'Active' } });
    await ok(['patch', 'namespace', 'manual', '--type=merge', '-p', '{"spec":{"finalizers":["kubernetes"]}}']);
    expect(await ok(['get', 'namespace', 'manual', '-o', 'jsonpath={.spec.finalizers}'])).toBe('[]');
    const invalid = await run(['replace', '--raw', '/api/v1/namespaces/manual/finalize', '-f', '-'], body.replace('[]', '["cleanup"]'));
    expect(invalid.stderr).toContain('The Namespace "manual" is invalid: spec.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified');
    expect(await ok(['delete', 'namespace', 'manual'])).toBe('namespace "manual" deleted\n');
    expect((await run(['get', 'namespace', 'manual'])).code).toBe(1);
  });
});
