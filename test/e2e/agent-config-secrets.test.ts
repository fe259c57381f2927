/**
 * Issue 4 §4: ConfigMaps and Secrets reach pods as environment variables and
 * files; a missing reference holds the container in CreateContainerConfigError
 * with an Event until it appears.
 */
import { describe, expect, it } from 'vitest';
import { isRecord } from '../../core/api/types/meta.ts';
import { dockerAvailable, TEST_IMAGE } from '../support/docker.ts';
import { podState, useAgentCluster } from './support/agents.ts';
import { eventually } from './support/eventually.ts';
import { kubectlOk } from './support/kubectl.ts';

const docker = await dockerAvailable();

describe.skipIf(!docker)('config and secrets in pods', () => {
  const env = useAgentCluster();

  it('resolves env from values, ConfigMaps, Secrets and the pod, and mounts files with their modes', async () => {
    const manifest = `
apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data: { color: blue, "app.properties": "mode=fast\\n" }
---
apiVersion: v1
kind: Secret
metadata: { name: creds }
stringData: { password: s3cret, token: abc }
---
apiVersion: v1
kind: Pod
metadata: { name: reader, labels: { tier: web } }
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - name: app
      image: ${TEST_IMAGE}
      imagePullPolicy: Never
      command: ["sh", "-c", "env | sort > /tmp/env; sleep 3600"]
      resources: { limits: { memory: 64Mi } }
      env:
        - { name: COLOR, valueFrom: { configMapKeyRef: { name: settings, key: color } } }
        - { name: GREETING, value: "hello $(COLOR)" }
        - { name: EARLY, value: "$(LATE) stays" }
        - { name: LATE, value: late }
        - { name: PASSWORD, valueFrom: { secretKeyRef: { name: creds, key: password } } }
        - { name: MY_POD, valueFrom: { fieldRef: { fieldPath: metadata.name } } }
        - { name: MY_TIER, valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } }
        - { name: MEM_MI, valueFrom: { resourceFieldRef: { resource: limits.memory, divisor: 1Mi } } }
      envFrom:
        - { prefix: CFG_, configMapRef: { name: settings } }
      volumeMounts:
        - { name: config, mountPath: /etc/config }
        - { name: secret, mountPath: /etc/secret, readOnly: true }
        - { name: info, mountPath: /etc/podinfo }
  volumes:
    - { name: config, configMap: { name: settings, items: [{ key: app.properties, path: conf/app.properties }] } }
    - { name: secret, secret: { secretName: creds, defaultMode: 0400 } }
    - { name: info, downwardAPI: { items: [{ path: labels, fieldRef: { fieldPath: metadata.labels } }] } }
`;
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: manifest });
    await eventually(async () => expect((await podState(env.cluster, 'reader')).phase).toBe('Running'), 30_000, 100);
    const environment = await eventually(async () => {
      const text = await kubectlOk(env.cluster.kubeconfig, ['exec', 'reader', '--', 'cat', '/tmp/env']);
      if (!text.includes('MY_POD=')) throw new Error(text);
      return text;
    });
    for (const line of ['EARLY=$(LATE) stays', 'GREETING=hello blue', 'COLOR=blue', 'PASSWORD=s3cret', 'MY_POD=reader', 'MY_TIER=web', 'MEM_MI=64', 'CFG_color=blue']) expect(environment).toContain(`${line}\n`);
    expect(await kubectlOk(env.cluster.kubeconfig, ['exec', 'reader', '--', 'cat', '/etc/config/conf/app.properties'])).toBe('mode=fast\n');
    expect(await kubectlOk(env.cluster.kubeconfig, ['exec', 'reader', '--', 'cat', '/etc/secret/token'])).toBe('abc');
    expect(await kubectlOk(env.cluster.kubeconfig, ['exec', 'reader', '--', 'stat', '-L', '-c', '%a', '/etc/secret/password'])).toBe('400\n');
    expect(await kubectlOk(env.cluster.kubeconfig, ['exec', 'reader', '--', 'cat', '/etc/podinfo/labels'])).toBe('tier="web"');
  }, 60_000);

  it('holds a container in CreateContainerConfigError while its ConfigMap is missing, then starts it', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'waiter' },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{ name: 'app', image: TEST_IMAGE, imagePullPolicy: 'Never', command: ['sleep', '3600'], env: [{ name: 'LATER', valueFrom: { configMapKeyRef: { name: 'later', key: 'value' } } }] }],
      },
    };
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: JSON.stringify(pod) });
    const waiting = await eventually(async () => {
      const state = (await podState(env.cluster, 'waiter')).container['state'];
      const w = isRecord(state) ? state['waiting'] : undefined;
      if (!isRecord(w) || w['reason'] !== 'CreateContainerConfigError') throw new Error(JSON.stringify(state));
      return w;
    }, 30_000, 100);
    expect(waiting['message']).toBe('configmap "later" not found');
    expect(await kubectlOk(env.cluster.kubeconfig, ['get', 'pod', 'waiter'])).toMatch(/waiter\s+0\/1\s+CreateContainerConfigError/);
    const events = await kubectlOk(env.cluster.kubeconfig, ['get', 'events', '--field-selector', 'involvedObject.name=waiter', '-o', 'jsonpath={.items[*].message}']);
    expect(events).toContain('Error: configmap "later" not found');

    await kubectlOk(env.cluster.kubeconfig, ['create', 'configmap', 'later', '--from-literal=value=now']);
    await eventually(async () => expect((await podState(env.cluster, 'waiter')).phase).toBe('Running'), 30_000, 100);
    expect(await kubectlOk(env.cluster.kubeconfig, ['exec', 'waiter', '--', 'sh', '-c', 'echo $LATER'])).toBe('now\n');
  }, 60_000);
});
