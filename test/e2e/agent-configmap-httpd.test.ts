/**
 * Acceptance (issue 4): a Deployment of busybox httpd serves a file from a
 * ConfigMap volume on a hostPort of 127.0.0.1; editing the ConfigMap changes
 * the served file within 10 s, without restarting the container.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dockerAvailable, TEST_IMAGE } from '../support/docker.ts';
import { podState, useAgentCluster } from './support/agents.ts';
import { eventually } from './support/eventually.ts';
import { kubectlOk } from './support/kubectl.ts';
import { freePort, httpGetText } from './support/ports.ts';

const docker = await dockerAvailable();

describe.skipIf(!docker)('a Deployment serving a ConfigMap through a hostPort', () => {
  const env = useAgentCluster();
  let port: number;

  beforeAll(async () => {
    port = await freePort();
  });

  it('serves the file, and serves the edited file without a restart', async () => {
    const manifest = `
apiVersion: v1
kind: ConfigMap
metadata: { name: site }
data:
  index.html: "version one"
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: httpd
          image: ${TEST_IMAGE}
          imagePullPolicy: Never
          command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
          ports: [{ containerPort: 8080, hostPort: ${port} }]
          volumeMounts: [{ name: site, mountPath: /www }]
      volumes:
        - name: site
          configMap: { name: site }
`;
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: manifest });
    expect(await eventually(() => httpGetText(port, '/index.html'), 30_000, 200)).toBe('version one');

    const podName = (await kubectlOk(env.cluster.kubeconfig, ['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
    const before = await podState(env.cluster, podName);
    expect(before.phase).toBe('Running');
    const table = await kubectlOk(env.cluster.kubeconfig, ['get', 'pods', '-l', 'app=web']);
    expect(table).toMatch(/1\/1\s+Running\s+0/);

    await kubectlOk(env.cluster.kubeconfig, ['patch', 'configmap', 'site', '--type', 'merge', '-p', '{"data":{"index.html":"version two"}}']);
    // The kubelet's promise, and this issue's: a mounted ConfigMap follows an edit within 10 s.
    expect(await eventually(() => httpGetText(port, '/index.html').then((t) => (t === 'version two' ? t : Promise.reject(new Error(t)))), 10_000, 200)).toBe('version two');

    const after = await podState(env.cluster, podName);
    expect(after.container['containerID']).toBe(before.container['containerID']);
    expect(after.container['restartCount']).toBe(0);
  }, 90_000);
});
