import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../../../test/e2e/support/cluster.ts';
import { eventually } from '../../../test/e2e/support/eventually.ts';
import { isApiError } from '../../api/errors.ts';
import { isRecord, type KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';
import { ControllerManager } from '../framework/manager.ts';
import { conditionsOf, findCondition, taintsOf } from './node-fields.ts';
import { setupNodeLifecycleController } from './node-lifecycle-controller.ts';
import { setupTaintEvictionController } from './taint-eviction-controller.ts';

/** A real control plane running the node lifecycle and taint eviction controllers on a short clock. */

const UNREACHABLE = 'node.kubernetes.io/unreachable';
const stamp = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function healthyConditions(): unknown[] {
  const now = stamp();
  return [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'ok', lastHeartbeatTime: now, lastTransitionTime: now },
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now },
  ];
}

function nodeObject(name: string): KubeObject {
  const resources = { cpu: '4', memory: '8Gi', pods: '110' };
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {}, status: { capacity: resources, allocatable: resources, conditions: healthyConditions() } };
}

async function renewLease(client: ApiClient, name: string): Promise<void> {
  const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace('Z', '000Z') };
  try {
    const lease = await client.get(Resources.leases, 'kube-node-lease', name);
    await client.update(Resources.leases, { ...lease, spec });
  } catch (error) {
    if (!isApiError(error, 'NotFound')) throw error;
    await client.create(Resources.leases, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec });
  }
}

async function createRunningPod(client: ApiClient, name: string, nodeName: string, tolerations?: unknown[]): Promise<void> {
  const pod = await client.create(Resources.pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName, containers: [{ name: 'app', image: 'nginx' }], ...(tolerations === undefined ? {} : { tolerations }) },
  });
  const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'ContainersReady', status: 'True' }] };
  await client.update(Resources.pods, { ...pod, status }, { subresource: 'status' });
}

describe('node lifecycle in a real control plane', () => {
  let cluster: TestCluster;
  let manager: ControllerManager;
  let client: ApiClient;
  let failingAlive = true;
  let healthyAlive = true;
  let renewals: NodeJS.Timeout | undefined;

  const node = (name: string): Promise<KubeObject> => client.get(Resources.nodes, undefined, name);
  const pod = (name: string): Promise<KubeObject> => client.get(Resources.pods, 'default', name);
  /** deleted: gone, or Terminating once deletion is graceful */
  const expectDeleted = async (name: string): Promise<void> => {
    try {
      expect((await pod(name)).metadata.deletionTimestamp).toBeDefined();
    } catch (error) {
      if (!isApiError(error, 'NotFound')) throw error;
    }
  };

  beforeAll(async () => {
    cluster = await startCluster('store:\n  backend: memory\n');
    client = cluster.plane.client;
    for (const name of ['healthy', 'failing']) {
      await client.create(Resources.nodes, nodeObject(name));
      await renewLease(client, name);
    }
    await createRunningPod(client, 'fast', 'failing', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 }]);
    await createRunningPod(client, 'forever', 'failing', [{ operator: 'Exists', effect: 'NoExecute' }]);
    await createRunningPod(client, 'defaulted', 'failing');
    renewals = setInterval(() => {
      if (healthyAlive) void renewLease(client, 'healthy').catch(() => undefined);
      if (failingAlive) void renewLease(client, 'failing').catch(() => undefined);
    }, 200);
    manager = new ControllerManager(client, pino({ level: 'silent' }));
    // A high eviction rate: a node is tainted as soon as it may be, so a taint that should not come would show at once.
    const periods = { nodeMonitorPeriodSeconds: 0.1, nodeMonitorGracePeriodSeconds: 1, nodeStartupGracePeriodSeconds: 1, nodeEvictionRate: 100 };
    manager.add((ctx) => setupNodeLifecycleController(ctx, periods));
    manager.add((ctx) => setupTaintEvictionController(ctx));
    manager.start();
  });

  afterAll(async () => {
    clearInterval(renewals);
    await manager.stop();
    await cluster.stop();
  });

  it('gives a pod without its own the default not-ready and unreachable tolerations', async () => {
    expect((await pod('defaulted'))['spec']).toMatchObject({
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
  });

  it('turns a node whose Lease stops being renewed Unknown and taints it unreachable', async () => {
    failingAlive = false;
    await eventually(async () => {
      const failing = await node('failing');
      expect(findCondition(conditionsOf(failing), 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
      expect(findCondition(conditionsOf(failing), 'MemoryPressure')?.status).toBe('Unknown');
      const taints = taintsOf(failing);
      expect(taints).toContainEqual({ key: UNREACHABLE, effect: 'NoExecute', timeAdded: expect.any(String) });
      expect(taints).toContainEqual({ key: UNREACHABLE, effect: 'NoSchedule', timeAdded: expect.any(String) });
    });
    const healthy = await node('healthy');
    expect(findCondition(conditionsOf(healthy), 'Ready')?.status).toBe('True');
    expect(taintsOf(healthy)).toEqual([]);
  });

  it('marks the pods of the silent node not ready', async () => {
    await eventually(async () => {
      const status = (await pod('defaulted'))['status'];
      const conditions = isRecord(status) && Array.isArray(status['conditions']) ? status['conditions'] : [];
      expect(conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'False' }));
    });
  });

  it('deletes a pod when its tolerationSeconds run out, and keeps those tolerating longer', async () => {
    await eventually(() => expectDeleted('fast'));
    const events = await client.list(Resources.events, 'default');
    expect(events.items.map((e) => [e['reason'], e['message']])).toContainEqual(['TaintManagerEviction', 'Marking for deletion Pod default/fast']);
    expect((await pod('forever')).metadata.deletionTimestamp).toBeUndefined();
    expect((await pod('defaulted')).metadata.deletionTimestamp).toBeUndefined();
  });

  it('deletes at once a pod that does not tolerate a NoExecute taint', async () => {
    await createRunningPod(client, 'intolerant', 'healthy');
    await client.patch(Resources.nodes, undefined, 'healthy', 'merge', { spec: { taints: [{ key: 'example.com/maintenance', value: 'now', effect: 'NoExecute' }] } });
    await eventually(() => expectDeleted('intolerant'));
  });

  it('removes the taints once the node renews its Lease and reports Ready again', async () => {
    failingAlive = true;
    await eventually(async () => {
      const failing = await node('failing');
      const status = isRecord(failing['status']) ? failing['status'] : {};
      await client.update(Resources.nodes, { ...failing, status: { ...status, conditions: healthyConditions() } }, { subresource: 'status' });
    });
    await eventually(async () => expect(taintsOf(await node('failing'))).toEqual([]));
    expect(findCondition(conditionsOf(await node('failing')), 'Ready')?.status).toBe('True');
    expect((await pod('forever')).metadata.deletionTimestamp).toBeUndefined();
  });

  it('puts no NoExecute taint on any node while every node is silent', async () => {
    failingAlive = false;
    healthyAlive = false;
    await eventually(async () => {
      for (const name of ['healthy', 'failing']) {
        const silent = await node(name);
        expect(findCondition(conditionsOf(silent), 'Ready')?.status).toBe('Unknown');
        expect(taintsOf(silent)).toContainEqual(expect.objectContaining({ key: UNREACHABLE, effect: 'NoSchedule' }));
      }
    });
    // A few monitor periods later there is still none: the control plane's own network is the likelier culprit.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const name of ['healthy', 'failing']) expect(taintsOf(await node(name))).not.toContainEqual(expect.objectContaining({ key: UNREACHABLE, effect: 'NoExecute' }));
  });
});
