import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { kubectlOk, type KubectlOptions } from './support/kubectl.ts';

/**
 * The kubectl 1.32 commands whose typed clients send their bodies as
 * application/vnd.kubernetes.protobuf: create deployment, create service,
 * debug (a Pod) and drain (DeleteOptions). kubectl run sends JSON; it is here
 * because it is the other way to make a pod from the command line.
 */

let cluster: TestCluster;
const ok = (args: string[], options?: KubectlOptions): Promise<string> => kubectlOk(cluster.kubeconfig, args, options);
const getJson = async (resource: string, name: string): Promise<Record<string, unknown>> => JSON.parse(await ok(['get', resource, name, '-o', 'json'])) as Record<string, unknown>;

const NODE_AND_POD = `
apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: v1
kind: Pod
metadata: {name: rich, labels: {app: rich}}
spec:
  containers:
  - name: main
    image: nginx:1.25
    env: [{name: A, value: "1"}, {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    resources: {limits: {cpu: 500m, memory: 128Mi}}
    ports: [{name: http, containerPort: 80}]
    readinessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 5}
    volumeMounts: [{name: cfg, mountPath: /etc/cfg}]
  volumes:
  - name: cfg
    configMap: {name: cfg, items: [{key: k, path: k.txt}]}
  tolerations: [{key: k, operator: Exists, effect: NoSchedule}]
`;

beforeAll(async () => {
  cluster = await startCluster();
  await ok(['apply', '-f', '-'], { input: NODE_AND_POD });
});

afterAll(async () => {
  await cluster.stop();
});

describe('kubectl create with protobuf bodies', () => {
  it('create deployment: image, port, replicas, labels and selector arrive', async () => {
    expect(await ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'])).toBe('deployment.apps/web created\n');
    const deployment = await getJson('deployment', 'web');
    expect(deployment).toMatchObject({
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } },
      },
    });
  });

  it('create deployment --replicas=0 keeps the zero and the command', async () => {
    expect(await ok(['create', 'deployment', 'idle', '--image=busybox', '--replicas=0', '--', 'sleep', '100'])).toBe('deployment.apps/idle created\n');
    expect(await ok(['get', 'deployment', 'idle', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].command}'])).toBe('0 ["sleep","100"]');
  });

  it.each([
    ['clusterip', ['x', '--tcp=80:8080'], { type: 'ClusterIP', ports: [{ name: '80-8080', port: 80, targetPort: 8080, protocol: 'TCP' }], selector: { app: 'x' } }],
    ['nodeport', ['np', '--tcp=80:8080', '--node-port=30080'], { type: 'NodePort', ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }], selector: { app: 'np' } }],
    ['externalname', ['ext', '--external-name=example.com'], { type: 'ExternalName', externalName: 'example.com' }],
  ])('create service %s: type, ports and selector arrive', async (type, args, spec) => {
    const name = args[0] ?? '';
    expect(await ok(['create', 'service', type, ...args])).toBe(`service/${name} created\n`);
    expect(await getJson('service', name)).toMatchObject({ metadata: { name, labels: { app: name } }, spec });
  });
});

describe('kubectl run (JSON) and debug (protobuf) make pods', () => {
  it('run: image, args and the run label arrive', async () => {
    expect(await ok(['run', 'x', '--image=busybox', '--', 'sleep', '1'])).toBe('pod/x created\n');
    expect(await getJson('pod', 'x')).toMatchObject({ metadata: { labels: { run: 'x' } }, spec: { containers: [{ name: 'x', image: 'busybox', args: ['sleep', '1'] }] } });
  });

  it('debug --copy-to sends the whole pod spec, which arrives unchanged beside the debug container', async () => {
    await ok(['debug', 'rich', '--copy-to=rich-copy', '--image=busybox', '--container=dbg', '--', 'true']);
    const original = (await getJson('pod', 'rich'))['spec'] as Record<string, unknown>;
    const copy = (await getJson('pod', 'rich-copy'))['spec'] as Record<string, unknown>;
    expect(copy['containers']).toEqual([...(original['containers'] as unknown[]), expect.objectContaining({ name: 'dbg', image: 'busybox', command: ['true'] })]);
    expect(copy['volumes']).toEqual(original['volumes']);
    expect(copy['tolerations']).toEqual(original['tolerations']);
  });

  it('debug node/NAME creates a host pod on that node, and drain deletes it with protobuf DeleteOptions', async () => {
    const out = await ok(['debug', 'node/n1', '--image=busybox', '--', 'true']);
    const name = /Creating debugging pod (\S+)/.exec(out)?.[1] ?? '';
    expect(await getJson('pod', name)).toMatchObject({
      spec: { nodeName: 'n1', hostNetwork: true, hostPID: true, volumes: [{ name: 'host-root', hostPath: { path: '/' } }], containers: [{ image: 'busybox', command: ['true'] }] },
    });
    const drained = await ok(['drain', 'n1', '--force', '--grace-period=0', '--timeout=30s']);
    expect(drained).toContain(`pod/${name} evicted`);
    expect(drained).toContain('node/n1 drained');
    expect(await ok(['get', 'pods', '-o', 'name'])).not.toContain(name);
  });
});
