/**
 * Issue 4 §2: on a machine without a Docker engine the local node says so
 * and runs pods as host processes. Here "without Docker" is a Docker socket
 * path where no engine answers, so this test runs on every machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Resources } from '../../core/client/resources.ts';
import { isRecord } from '../../core/api/types/meta.ts';
import { selectRuntime } from '../../core/agent/runtime-select.ts';
import { loadRuntimePlugins } from '../../core/agent/runtime-plugins.ts';
import { builtinCatalog } from '../../core/cli/catalog.ts';
import { pino } from 'pino';
import { nodeReady, podState, uniqueName } from './support/agents.ts';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { eventually } from './support/eventually.ts';
import { kubectlOk } from './support/kubectl.ts';

const NO_DOCKER = { socketPath: '/nonexistent/docker.sock' };

describe('a local node without Docker', () => {
  let cluster: TestCluster;
  const pool = uniqueName('p');

  beforeAll(async () => {
    const yaml = `nodePools:\n  - name: ${pool}\n    provider: local\n    options: { runtime: auto, runtimeOptions: { socketPath: ${NO_DOCKER.socketPath} } }\n`;
    cluster = await startCluster(yaml, { controllers: true });
    await nodeReady(cluster, `${pool}-0`);
  }, 60_000);

  afterAll(async () => {
    await kubectlOk(cluster.kubeconfig, ['delete', 'pods', '--all', '--wait=true', '--timeout=30s']).catch(() => undefined);
    await cluster?.stop();
  });

  it('says why it falls back to host processes', async () => {
    const { runtimes } = await loadRuntimePlugins(builtinCatalog, pino({ level: 'silent' }));
    const choice = await selectRuntime(runtimes, 'auto', NO_DOCKER, 'runtime');
    expect(choice.factory.name).toBe('process');
    expect(choice.fallbackReason).toContain('docker: no Docker engine answers at /nonexistent/docker.sock');
  });

  it('registers a node on the process runtime and runs a pod as a process', async () => {
    const node = await cluster.plane.client.get(Resources.nodes, undefined, `${pool}-0`);
    const info = isRecord(node['status']) && isRecord(node['status']['nodeInfo']) ? node['status']['nodeInfo'] : {};
    expect(String(info['containerRuntimeVersion'])).toMatch(/^process:\/\//);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'proc' }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: 'kubernel/busybox:1.35', command: ['sh', '-c', 'echo "pid $$ says hi"; sleep 3600'] }] } };
    await kubectlOk(cluster.kubeconfig, ['apply', '-f', '-'], { input: JSON.stringify(pod) });
    await eventually(async () => expect((await podState(cluster, 'proc')).phase).toBe('Running'), 30_000, 100);
    const logs = await eventually(async () => {
      const text = await kubectlOk(cluster.kubeconfig, ['logs', 'proc']);
      if (!text.includes('says hi')) throw new Error(text);
      return text;
    });
    const pid = Number(/pid (\d+)/.exec(logs)?.[1]);
    // A host process: it shows in this machine's process table.
    expect(() => process.kill(pid, 0)).not.toThrow();
    expect((await podState(cluster, 'proc')).pod['status']).toMatchObject({ podIP: '127.0.0.1' });
    await kubectlOk(cluster.kubeconfig, ['delete', 'pod', 'proc', '--wait=true', '--timeout=30s']);
    expect(() => process.kill(pid, 0)).toThrow();
  }, 60_000);
});
