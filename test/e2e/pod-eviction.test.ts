// The builtin registry's CSR kind loads @peculiar/x509, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord, type KubeObject } from '../../core/api/types/meta.ts';
import { builtinCatalog } from '../../core/cli/catalog.ts';
import { ControlPlane } from '../../core/cli/control-plane.ts';
import { Resources } from '../../core/client/resources.ts';
import { parseConfig } from '../../core/kernel/config.ts';
import { eventually } from './support/eventually.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

/**
 * PodDisruptionBudgets as a user meets them: kubectl creates budgets, the
 * disruption controller fills in their status, and the pods/eviction
 * subresource honours them, for a client (client-node) and for `kubectl drain`.
 * Simulated nodes make pods Running and Ready without containers.
 */

const POOLS = `nodePools:
  - name: sim
    provider: simulated
    # Replacements take a while to turn Ready, so a budget stays spent for a moment after an eviction.
    options: { count: 2, podStartupMs: 1500 }
  - name: drain
    provider: simulated
    options: { count: 1, podStartupMs: 0 }
`;

function deployment(name: string, replicas: number, pool: string, extraSpec = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      nodeSelector: { kubernel.dev/node-pool: ${pool} }
      terminationGracePeriodSeconds: 0
      containers:
      - name: web
        image: nginx:1.27
${extraSpec}`;
}

function budget(name: string, bound: string): string {
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
spec:
  ${bound}
  selector:
    matchLabels: { app: ${name} }
`;
}

function isReady(pod: KubeObject): boolean {
  const status = isRecord(pod['status']) ? pod['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  return conditions.some((c: unknown) => isRecord(c) && c['type'] === 'Ready' && c['status'] === 'True');
}

describe('PodDisruptionBudgets and the eviction subresource', () => {
  let dataDir: string;
  let plane: ControlPlane;
  let kubeconfig: string;
  let core: CoreV1Api;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kubernel-eviction-'));
    const config = await parseConfig(`api:\n  port: 0\nlogging:\n  level: warn\n${POOLS}`);
    plane = await ControlPlane.start({ config, configDir: dataDir, dataDir, catalog: builtinCatalog, logger: pino({ level: 'warn' }) });
    kubeconfig = plane.kubeconfigPath;
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    await plane.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The names of the Ready, not terminating pods of app `name`. */
  async function readyPods(name: string): Promise<string[]> {
    const list = await plane.client.list(Resources.pods, 'default', { labelSelector: `app=${name}` });
    return list.items.filter((p) => isReady(p) && p.metadata.deletionTimestamp === undefined).map((p) => p.metadata.name ?? '');
  }

  async function budgetStatus(name: string): Promise<Record<string, unknown>> {
    const pdb = await plane.client.get(Resources.podDisruptionBudgets, 'default', name);
    return isRecord(pdb['status']) ? pdb['status'] : {};
  }

  /** POST pods/NAME/eviction with client-node: the HTTP code and the Status it answered. */
  async function evict(pod: string): Promise<{ code: number; body: Record<string, unknown> }> {
    try {
      await core.createNamespacedPodEviction({ name: pod, namespace: 'default', body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: 'default' } } });
      return { code: 201, body: {} };
    } catch (error) {
      if (!(error instanceof ApiException)) throw error;
      const body: unknown = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
      return { code: error.code, body: isRecord(body) ? body : {} };
    }
  }

  it('serves policy/v1 poddisruptionbudgets to kubectl, with pods/eviction in discovery', async () => {
    const resources = await kubectlOk(kubeconfig, ['api-resources', '--api-group=policy']);
    expect(resources).toMatch(/^poddisruptionbudgets\s+pdb\s+policy\/v1\s+true\s+PodDisruptionBudget$/m);
    const explained = await kubectlOk(kubeconfig, ['explain', 'pdb.spec.maxUnavailable']);
    expect(explained).toContain('KIND:       PodDisruptionBudget');
    expect(explained).toMatch(/FIELD:\s+maxUnavailable <IntOrString>/);
    const refused = await kubectl(kubeconfig, ['apply', '-f', '-'], { input: budget('both', 'minAvailable: 1\n  maxUnavailable: 1') });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('spec: Invalid value:');
    expect(refused.stderr).toContain('minAvailable and maxUnavailable cannot be both set');
  });

  it('refuses to evict below minAvailable with 429, and the pod stays', async () => {
    await kubectlOk(kubeconfig, ['apply', '-f', '-'], { input: deployment('guarded', 2, 'sim') });
    await kubectlOk(kubeconfig, ['apply', '-f', '-'], { input: budget('guarded', 'minAvailable: 2') });
    await eventually(async () => expect(await readyPods('guarded')).toHaveLength(2), 20_000);
    await eventually(async () => expect(await budgetStatus('guarded')).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0 }), 20_000);

    const row = await kubectlOk(kubeconfig, ['get', 'pdb', 'guarded', '--no-headers']);
    expect(row).toMatch(/^guarded\s+2\s+N\/A\s+0\s+\S+\s*$/);
    const header = (await kubectlOk(kubeconfig, ['get', 'pdb'])).split('\n')[0];
    expect(header).toMatch(/^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE$/);
    const condition = await kubectlOk(kubeconfig, ['get', 'pdb', 'guarded', '-o', 'jsonpath={.status.conditions[0].type}={.status.conditions[0].status}/{.status.conditions[0].reason}']);
    expect(condition).toBe('DisruptionAllowed=False/InsufficientPods');

    const [victim] = await readyPods('guarded');
    const refused = await evict(victim ?? '');
    expect(refused.code).toBe(429);
    expect(refused.body).toMatchObject({
      status: 'Failure',
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget guarded needs 2 healthy pods and has 2 currently' }] },
    });
    // Controllers of the control plane evict through the in-process client and meet the same refusal.
    const inProcess = plane.client.createSubresource(Resources.pods, 'default', victim ?? '', 'eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: victim } });
    await expect(inProcess).rejects.toMatchObject({ code: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget." });
    const pod = await plane.client.get(Resources.pods, 'default', victim ?? '');
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
  });

  it('lets maxUnavailable 1 evict one pod, refuses the next until the status is recomputed', async () => {
    await kubectlOk(kubeconfig, ['apply', '-f', '-'], { input: deployment('flex', 3, 'sim') });
    // kubectl create sends the budget as protobuf, as client-go's typed clients do.
    expect(await kubectlOk(kubeconfig, ['create', 'pdb', 'flex', '--selector=app=flex', '--max-unavailable=1'])).toContain('poddisruptionbudget.policy/flex created');
    await eventually(async () => expect(await readyPods('flex')).toHaveLength(3), 20_000);
    await eventually(async () => expect(await budgetStatus('flex')).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 }), 20_000);
    expect(await kubectlOk(kubeconfig, ['get', 'pdb', 'flex', '--no-headers'])).toMatch(/^flex\s+N\/A\s+1\s+1\s+/);

    const [first, second] = await readyPods('flex');
    expect(await evict(first ?? '')).toEqual({ code: 201, body: {} });
    const next = await evict(second ?? '');
    expect(next.code).toBe(429);
    expect(next.body['message']).toBe("Cannot evict pod as it would violate the pod's disruption budget.");

    // The evicted pod was marked before it went, and its replacement restores the budget.
    await eventually(async () => {
      const pods = (await plane.client.list(Resources.pods, 'default', { labelSelector: 'app=flex' })).items;
      expect(pods.some((p) => p.metadata.name === first)).toBe(false);
      expect(await readyPods('flex')).toHaveLength(3);
      expect(await budgetStatus('flex')).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
    }, 20_000);
    expect(await evict(second ?? '')).toEqual({ code: 201, body: {} });
  });

  it('answers 404 for a pod that does not exist', async () => {
    const missing = await evict('nobody');
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({ reason: 'NotFound', message: 'pods "nobody" not found' });
    await expect(plane.client.createSubresource(Resources.pods, 'default', 'nobody', 'eviction', { metadata: { name: 'nobody' } })).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('drains a node: cordons it and evicts the pods no budget covers', async () => {
    const emptyDir = `        volumeMounts: [{ name: scratch, mountPath: /scratch }]
      volumes: [{ name: scratch, emptyDir: {} }]
`;
    await kubectlOk(kubeconfig, ['apply', '-f', '-'], { input: deployment('loose', 2, 'drain', emptyDir) });
    await eventually(async () => expect(await readyPods('loose')).toHaveLength(2), 20_000);
    const before = await readyPods('loose');

    const drained = await kubectl(kubeconfig, ['drain', 'drain-0', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s'], { timeoutMs: 90_000 });
    expect(drained.stderr + drained.stdout).not.toMatch(/error/i);
    expect(drained.code).toBe(0);
    expect(drained.stdout).toContain('node/drain-0 cordoned');
    for (const name of before) expect(drained.stdout).toContain(`pod/${name} evicted`);
    expect(drained.stdout).toContain('node/drain-0 drained');

    expect(await kubectlOk(kubeconfig, ['get', 'node', 'drain-0', '-o', 'jsonpath={.spec.unschedulable}'])).toBe('true');
    const left = (await plane.client.list(Resources.pods, 'default', { fieldSelector: 'spec.nodeName=drain-0' })).items;
    expect(left.filter((p) => before.includes(p.metadata.name ?? ''))).toEqual([]);
  });
});
