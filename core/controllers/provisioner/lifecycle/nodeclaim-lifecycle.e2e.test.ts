import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../../../test/e2e/support/cluster.ts';
import { eventually } from '../../../../test/e2e/support/eventually.ts';
import { isApiError } from '../../../api/errors.ts';
import { isRecord, type KubeObject } from '../../../api/types/meta.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import { Resources } from '../../../client/resources.ts';
import { findCondition } from '../../../api/kinds/nodepool/conditions.ts';
import { readNodeClaim, readNodePool } from '../../../api/kinds/nodepool/read.ts';
import { claimBootstrapTokens } from './bootstrap-tokens.ts';
import { startNodeClaimControllers, type RunningNodeClaimControllers } from './node-claim-controllers.ts';
import { CLOUD_PROVIDER, InMemoryCloud } from './testing/in-memory-cloud.ts';

/**
 * The NodeClaim lifecycle against a real control plane (in-process API
 * server, memory store) and an in-memory cloud whose machines join as Nodes.
 */

const REGISTRATION_TTL_MS = 2500;

function claimObject(name: string, types: string[], extra: { pods?: number; zone?: string } = {}): KubeObject {
  return {
    apiVersion: 'kubernel.dev/v1alpha1',
    kind: 'NodeClaim',
    metadata: {
      name,
      labels: { 'kubernel.dev/node-pool': 'web' },
      ...(extra.pods === undefined ? {} : { annotations: { 'kubernel.dev/pods': String(extra.pods) } }),
    },
    spec: {
      requirements: [
        { key: 'node.kubernetes.io/instance-type', operator: 'In', values: types },
        ...(extra.zone === undefined ? [] : [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [extra.zone] }]),
        { key: 'kubernel.dev/capacity-type', operator: 'In', values: ['on-demand'] },
      ],
    },
  };
}

describe('NodeClaim lifecycle in a real control plane', () => {
  let cluster: TestCluster;
  let client: ApiClient;
  let cloud: InMemoryCloud;
  let running: RunningNodeClaimControllers;
  const tokens: string[] = [];

  const claim = (name: string): Promise<KubeObject> => client.get(Resources.nodeClaims, undefined, name);
  const gone = async (read: () => Promise<unknown>): Promise<void> => {
    try {
      await read();
    } catch (error) {
      if (isApiError(error, 'NotFound')) return;
      throw error;
    }
    throw new Error('still there');
  };
  const eventsOf = async (name: string): Promise<{ reason: string; message: string; type: string }[]> => {
    const events = await client.list(Resources.events, 'default');
    return events.items.flatMap((e) => {
      const involved = e['involvedObject'];
      if (!isRecord(involved) || involved['name'] !== name) return [];
      return [{ reason: String(e['reason']), message: String(e['message']), type: String(e['type']) }];
    });
  };
  const launchedClaim = async (name: string): Promise<ReturnType<typeof readNodeClaim>> =>
    eventually(async () => {
      const launched = readNodeClaim(await claim(name));
      expect(findCondition(launched.status?.conditions, 'Launched')?.status).toBe('True');
      return launched;
    });

  beforeAll(async () => {
    cluster = await startCluster('store:\n  backend: memory\n');
    client = cluster.plane.client;
    cloud = new InMemoryCloud(client);
    cloud.startKubelets();
    const issue = claimBootstrapTokens(client, 60_000);
    running = await startNodeClaimControllers({
      client,
      logger: pino({ level: 'silent' }),
      factories: [cloud.factory()],
      issueBootstrapToken: async (claimName) => {
        const token = await issue(claimName);
        tokens.push(token);
        return token;
      },
      configPools: [{ name: 'web', provider: CLOUD_PROVIDER, options: {}, labels: { team: 'web' } }],
      options: { registrationTTLMs: REGISTRATION_TTL_MS, leakSweepIntervalMs: 200, leakMinAgeMs: 1000, evictionRetryMs: 200, drainPollMs: 100 },
    });
  });

  afterAll(async () => {
    await running.stop();
    cloud.stop();
    await cluster.stop();
  });

  it('writes the kubernel.yaml pool as a NodePool and reports it Ready', async () => {
    await eventually(async () => {
      const pool = await client.get(Resources.nodePools, undefined, 'web');
      expect(pool.metadata.annotations?.['kubernel.dev/source']).toBe('kubernel.yaml');
      expect(findCondition(readNodePool(pool).status?.conditions, 'Ready')).toMatchObject({ status: 'True' });
    });
    expect(running.providers.get('web')?.provider.name).toBe(CLOUD_PROVIDER);
  });

  it('reports a pool whose options the provider refuses, naming the field', async () => {
    await client.create(Resources.nodePools, { apiVersion: 'kubernel.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'broken' }, spec: { provider: CLOUD_PROVIDER, options: { zonesDown: 'all' } } });
    await eventually(async () => {
      const ready = findCondition(readNodePool(await client.get(Resources.nodePools, undefined, 'broken')).status?.conditions, 'Ready');
      expect(ready).toMatchObject({ status: 'False', reason: 'InvalidOptions' });
      expect(ready?.message).toMatch(/^spec\.options\.zonesDown: /);
    });
  });

  it('launches a claim: finalizer, status, labels and a Launched Event, with a bootstrap token for the machine', async () => {
    await client.create(Resources.nodeClaims, claimObject('web-launch', ['m6i.large', 'm6i.xlarge'], { pods: 7 }));
    const launched = await launchedClaim('web-launch');
    const message = 'launched m6i.large in us-east-1a (on-demand) for 7 pods, $0.096/h';
    expect(launched.metadata.finalizers).toContain('kubernel.dev/termination');
    expect(launched.status).toMatchObject({ capacity: { cpu: '2', memory: '8Gi', pods: '29' }, allocatable: { cpu: '2', memory: '8Gi', pods: '29' } });
    expect(launched.status?.providerID).toMatch(/^cloud:\/\/\/us-east-1a\//);
    expect(findCondition(launched.status?.conditions, 'Launched')?.message).toBe(message);
    expect(launched.metadata.labels).toMatchObject({
      'node.kubernetes.io/instance-type': 'm6i.large',
      'topology.kubernetes.io/zone': 'us-east-1a',
      'kubernel.dev/capacity-type': 'on-demand',
    });
    await eventually(async () => expect(await eventsOf('web-launch')).toContainEqual({ reason: 'Launched', message, type: 'Normal' }));
    const spec = cloud.creates.find((c) => c.name === 'web-launch');
    expect(spec?.labels).toMatchObject({ team: 'web', 'kubernel.dev/node-pool': 'web', 'kubernel.dev/node-claim': 'web-launch', 'kubernel.dev/instance-family': 'm6i' });
    expect(spec?.bootstrapToken).toBeDefined();
    expect(tokens).toContain(spec?.bootstrapToken);
    // a real bootstrap token Secret the machine's agent can join with
    const tokenId = spec?.bootstrapToken?.split('.')[0] ?? '';
    const secret = await client.get(Resources.secrets, 'kube-system', `bootstrap-token-${tokenId}`);
    expect(secret['type']).toBe('bootstrap.kubernetes.io/token');
  });

  it('marks the claim Registered, then Initialized and Ready once its Node is Ready, and labels the Node', async () => {
    const launched = await launchedClaim('web-launch');
    await eventually(async () => {
      const conditions = readNodeClaim(await claim('web-launch')).status?.conditions;
      for (const type of ['Registered', 'Initialized', 'Ready']) expect(findCondition(conditions, type)?.status).toBe('True');
    });
    const node = await client.get(Resources.nodes, undefined, launched.status?.nodeName ?? '');
    expect(node.metadata.labels).toMatchObject({ 'kubernel.dev/node-claim': 'web-launch', 'kubernel.dev/node-pool': 'web', team: 'web' });
    await eventually(async () => {
      const resources = readNodePool(await client.get(Resources.nodePools, undefined, 'web')).status?.resources;
      expect(Number(resources?.['nodes'])).toBeGreaterThanOrEqual(1);
    });
  });

  it('falls back to the next type when the first has no capacity, with an Event for each refusal', async () => {
    cloud.exhausted.add('m6i.large/us-east-1a');
    await client.create(Resources.nodeClaims, claimObject('web-fallback', ['m6i.large', 'm6i.xlarge'], { zone: 'us-east-1a' }));
    const launched = await launchedClaim('web-fallback');
    cloud.exhausted.clear();
    expect(launched.metadata.labels?.['node.kubernetes.io/instance-type']).toBe('m6i.xlarge');
    await eventually(async () =>
      expect(await eventsOf('web-fallback')).toContainEqual({
        reason: 'LaunchFailed',
        message: 'InsufficientCapacity: no capacity for m6i.large in us-east-1a; trying m6i.xlarge',
        type: 'Warning',
      }),
    );
  });

  it('adopts a machine launched for the claim before a crash instead of launching another', async () => {
    const orphan = cloud.inject('web-adopt', 0);
    await client.create(Resources.nodeClaims, claimObject('web-adopt', ['m6i.large']));
    const launched = await launchedClaim('web-adopt');
    expect(launched.status?.providerID).toBe(orphan.providerId);
    expect(cloud.creates.filter((c) => c.name === 'web-adopt')).toEqual([]);
  });

  it('removes a claim whose node never joins within the registration TTL, and its machine', async () => {
    cloud.neverJoin.add('web-lost');
    await client.create(Resources.nodeClaims, claimObject('web-lost', ['m6i.large']));
    const launched = await launchedClaim('web-lost');
    await eventually(() => gone(() => claim('web-lost')), REGISTRATION_TTL_MS + 5000);
    expect(cloud.machines.has(launched.status?.providerID ?? '')).toBe(false);
    expect(await eventsOf('web-lost')).toContainEqual({ reason: 'RegistrationTimeout', message: 'node never joined within 2.5s; removing the machine', type: 'Warning' });
  });

  it('terminates a deleted claim: cordons and taints the Node, evicts its pods honouring PDBs, removes machine and Node', async () => {
    await client.create(Resources.nodeClaims, claimObject('web-drain', ['m6i.large']));
    const launched = await launchedClaim('web-drain');
    const nodeName = launched.status?.nodeName ?? '';
    await eventually(async () => expect(findCondition(readNodeClaim(await claim('web-drain')).status?.conditions, 'Ready')?.status).toBe('True'));
    const running = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
    for (const [name, owner] of [
      ['app', undefined],
      ['agent', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true }],
    ] as const) {
      const pod = await client.create(Resources.pods, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default', labels: { app: name }, ...(owner === undefined ? {} : { ownerReferences: [owner] }) },
        spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }] },
      });
      await client.update(Resources.pods, { ...pod, status: running }, { subresource: 'status' });
    }
    // A budget allowing no disruption: the drain waits for it.
    await client.create(Resources.podDisruptionBudgets, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'app-pdb', namespace: 'default' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'app' } } },
    });

    await client.delete(Resources.nodeClaims, undefined, 'web-drain');
    await eventually(async () => {
      const node = await client.get(Resources.nodes, undefined, nodeName);
      expect(node['spec']).toMatchObject({ unschedulable: true, taints: expect.arrayContaining([{ key: 'kubernel.dev/disrupted', effect: 'NoSchedule' }]) });
      const failed = (await eventsOf('web-drain')).find((e) => e.reason === 'FailedDraining');
      expect(failed?.message).toMatch(/^Failed to drain node ip-10-0-0-\d+, default\/app: Cannot evict pod as it would violate the pod's disruption budget\./);
    });
    expect((await client.get(Resources.pods, 'default', 'app')).metadata.deletionTimestamp).toBeUndefined();
    expect(cloud.machines.has(launched.status?.providerID ?? '')).toBe(true);

    await client.delete(Resources.podDisruptionBudgets, 'default', 'app-pdb');
    await eventually(() => gone(() => claim('web-drain')));
    await gone(() => client.get(Resources.pods, 'default', 'app'));
    await gone(() => client.get(Resources.nodes, undefined, nodeName));
    expect(cloud.machines.has(launched.status?.providerID ?? '')).toBe(false);
    // DaemonSet pods are not evicted: their controller would only put them back.
    expect((await client.get(Resources.pods, 'default', 'agent')).metadata.deletionTimestamp).toBeUndefined();
    const reasons = (await eventsOf('web-drain')).map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['DisruptionTerminating', 'Terminated']));
    expect((await eventsOf('app')).map((e) => e.reason)).toContain('Evicted');
  });

  it('removes a machine whose claim no longer exists, with an Event on its NodePool', async () => {
    const leaked = cloud.inject('web-ghost', 60 * 60_000);
    await eventually(() => expect(cloud.machines.has(leaked.providerId)).toBe(false));
    await eventually(async () => {
      const events = await eventsOf('web');
      expect(events.map((e) => e.message)).toContain(`removed machine ${leaked.providerId} (node ${leaked.nodeName}): its NodeClaim web-ghost no longer exists`);
    });
  });
});
