import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord, type KubeObject } from '../../core/api/types/meta.ts';
import { builtinCatalog } from '../../core/cli/catalog.ts';
import { ControlPlane } from '../../core/cli/control-plane.ts';
import { Resources } from '../../core/client/resources.ts';
import { parseConfig } from '../../core/kernel/config.ts';
import { eventually } from './support/eventually.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

/** Simulated nodes as a new user meets them: a node pool in kubernel.yaml, then kubectl. */

interface SimulatedPlane {
  plane: ControlPlane;
  stop(): Promise<void>;
}

/** A control plane from kubernel.yaml text; it starts the node pools the text declares. */
async function startPlane(dataDir: string, yaml: string): Promise<SimulatedPlane> {
  const config = await parseConfig(`api:\n  port: 0\nlogging:\n  level: warn\n${yaml}`);
  const plane = await ControlPlane.start({ config, configDir: dataDir, dataDir, catalog: builtinCatalog, logger: pino({ level: 'warn' }) });
  return { plane, stop: () => plane.stop() };
}

const ISSUE_EXAMPLE = `nodePools:
  - name: sim
    provider: simulated
    options: { count: 3, capacity: { cpu: "4", memory: 32Gi, pods: 110 }, podStartupMs: 0 }
  - name: slow
    provider: simulated
    options: { count: 1, podStartupMs: 1500, heartbeatSeconds: 1, zones: [lab-1] }
`;

function pod(name: string, nodeName: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: ${nodeName}
  containers:
  - name: nginx
    image: nginx:1.14.2
`;
}

function condition(obj: KubeObject, type: string): unknown {
  const status = obj['status'];
  const list = isRecord(status) && Array.isArray(status['conditions']) ? status['conditions'] : [];
  const found = list.find((c: unknown) => isRecord(c) && c['type'] === type);
  return isRecord(found) ? found['status'] : undefined;
}

describe('a simulated node pool', () => {
  let dataDir: string;
  let cluster: SimulatedPlane;
  let kubeconfig: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kubernel-sim-'));
    cluster = await startPlane(dataDir, ISSUE_EXAMPLE);
    kubeconfig = cluster.plane.kubeconfigPath;
  });

  afterAll(async () => {
    await cluster.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes Ready nodes that kubectl get nodes shows', async () => {
    const out = await kubectlOk(kubeconfig, ['get', 'nodes']);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    for (const name of ['sim-0', 'sim-1', 'sim-2', 'slow-0']) {
      expect(lines.some((l) => new RegExp(`^${name}\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.32\\.0-kubernel$`).test(l)), out).toBe(true);
    }
    expect(lines).toHaveLength(5);
  });

  it('labels each node with its hostname, instance type, zone and pool', async () => {
    const labels = JSON.parse(await kubectlOk(kubeconfig, ['get', 'node', 'slow-0', '-o', 'jsonpath={.metadata.labels}'])) as Record<string, string>;
    expect(labels).toMatchObject({
      'kubernetes.io/hostname': 'slow-0',
      'node.kubernetes.io/instance-type': 'sim-4cpu-32gi',
      'topology.kubernetes.io/zone': 'lab-1',
      'kubernel.dev/node-pool': 'slow',
      'kubernel.dev/node-provider': 'simulated',
    });
    const allocatable = await kubectlOk(kubeconfig, ['get', 'node', 'sim-0', '-o', 'jsonpath={.status.allocatable.cpu} {.status.allocatable.memory} {.status.allocatable.pods}']);
    expect(allocatable).toBe('4 32Gi 110');
  });

  it('runs a pod bound to one of its nodes at once', async () => {
    await kubectlOk(kubeconfig, ['apply', '-f', '-'], { input: pod('web', 'sim-1') });
    const line = await eventually(async () => {
      const out = await kubectlOk(kubeconfig, ['get', 'pod', 'web', '-o', 'wide', '--no-headers']);
      expect(out).toMatch(/^web\s+1\/1\s+Running\s+0\s+\S+\s+10\.0\.1\.\d+\s+sim-1\s/);
      return out;
    });
    expect(line).toContain('sim-1');
    const hostIp = await kubectlOk(kubeconfig, ['get', 'pod', 'web', '-o', 'jsonpath={.status.hostIP}']);
    expect(hostIp).toBe(await kubectlOk(kubeconfig, ['get', 'node', 'sim-1', '-o', 'jsonpath={.status.addresses[0].address}']));
  });

  it('makes a pod Running first and Ready only after podStartupMs', async () => {
    const seen: { at: number; running: boolean; ready: boolean }[] = [];
    const watch = await cluster.plane.client.watch(Resources.pods, 'default', { resourceVersion: '', fieldSelector: 'metadata.name=slowpoke' }, (type, obj) => {
      if (type === 'ADDED' || type === 'MODIFIED') seen.push({ at: Date.now(), running: isRecord(obj['status']) && obj['status']['phase'] === 'Running', ready: condition(obj, 'Ready') === 'True' });
    });
    try {
      await kubectlOk(kubeconfig, ['apply', '-f', '-'], { input: pod('slowpoke', 'slow-0') });
      await eventually(() => expect(seen.some((s) => s.ready)).toBe(true), 10_000);
      const running = seen.find((s) => s.running);
      const ready = seen.find((s) => s.ready);
      expect(running?.ready).toBe(false);
      expect((ready?.at ?? 0) - (running?.at ?? 0)).toBeGreaterThanOrEqual(1000);
      const out = await kubectlOk(kubeconfig, ['get', 'pod', 'slowpoke', '--no-headers']);
      expect(out).toMatch(/^slowpoke\s+1\/1\s+Running\s/);
    } finally {
      watch.close();
    }
  });

  it('deletes a deleted pod for real, as a kubelet confirms its termination', async () => {
    const started = Date.now();
    const out = await kubectlOk(kubeconfig, ['delete', 'pod', 'web'], { timeoutMs: 20_000 });
    expect(out).toContain('pod "web" deleted');
    // The pod's 30 s grace period did not have to run out.
    expect(Date.now() - started).toBeLessThan(15_000);
    const after = await kubectl(kubeconfig, ['get', 'pod', 'web']);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toContain('pods "web" not found');
  });

  it("renews each node's Lease in kube-node-lease", async () => {
    const renewTime = async (): Promise<string> => kubectlOk(kubeconfig, ['get', 'lease', 'slow-0', '-n', 'kube-node-lease', '-o', 'jsonpath={.spec.renewTime}']);
    const first = await renewTime();
    expect(first).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await eventually(async () => expect((await renewTime()) > first).toBe(true), 5_000, 200);
    const lease = await kubectlOk(kubeconfig, ['get', 'lease', 'slow-0', '-n', 'kube-node-lease', '-o', 'jsonpath={.spec.holderIdentity} {.spec.leaseDurationSeconds} {.metadata.ownerReferences[0].kind}']);
    expect(lease).toBe('slow-0 4 Node');
    const simLease = await kubectlOk(kubeconfig, ['get', 'lease', 'sim-0', '-n', 'kube-node-lease', '-o', 'jsonpath={.spec.leaseDurationSeconds}']);
    expect(simLease).toBe('40');
  });
});

describe('simulated node pools across restarts', () => {
  it('keeps the nodes and pods it still wants, and removes leftovers of a smaller or removed pool', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kubernel-sim-restart-'));
    try {
      let cluster = await startPlane(dataDir, `nodePools:\n  - { name: a, provider: simulated, options: { count: 2 } }\n  - { name: b, provider: simulated, options: { count: 1 } }\n`);
      let kubeconfig = cluster.plane.kubeconfigPath;
      await kubectlOk(kubeconfig, ['apply', '-f', '-'], { input: pod('keeper', 'a-0') });
      const before = await eventually(async () => {
        const out = await kubectlOk(kubeconfig, ['get', 'pod', 'keeper', '-o', 'jsonpath={.status.phase} {.status.podIP}']);
        expect(out).toMatch(/^Running 10\.0\.0\.\d+$/);
        return out;
      });
      const uid = await kubectlOk(kubeconfig, ['get', 'node', 'a-0', '-o', 'jsonpath={.metadata.uid}']);
      await cluster.stop();

      cluster = await startPlane(dataDir, `nodePools:\n  - { name: a, provider: simulated, options: { count: 1 } }\n`);
      kubeconfig = cluster.plane.kubeconfigPath;
      try {
        expect(await kubectlOk(kubeconfig, ['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}'])).toBe('a-0');
        expect(await kubectlOk(kubeconfig, ['get', 'node', 'a-0', '-o', 'jsonpath={.metadata.uid}'])).toBe(uid);
        expect(await kubectlOk(kubeconfig, ['get', 'leases', '-n', 'kube-node-lease', '-o', 'jsonpath={.items[*].metadata.name}'])).toBe('a-0');
        expect(await kubectlOk(kubeconfig, ['get', 'pod', 'keeper', '-o', 'jsonpath={.status.phase} {.status.podIP}'])).toBe(before);
        const out = await kubectlOk(kubeconfig, ['get', 'nodes', '--no-headers']);
        expect(out).toMatch(/^a-0\s+Ready\s/);
      } finally {
        await cluster.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses bad pool options at start-up with the YAML path', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kubernel-sim-bad-'));
    try {
      const error = await startPlane(dataDir, `nodePools:\n  - name: sim\n    provider: simulated\n    options: { count: 3, capacity: { cpu: lots, pods: 110 } }\n`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe('node pool sim has invalid options:\n  nodePools[0].options.capacity.cpu: invalid quantity "lots"');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
