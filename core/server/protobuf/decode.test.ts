import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { decodeKubernetesProtobuf } from './decode.ts';
import { envelope, len, num } from './test-encoder.ts';

/**
 * Request bodies captured from kubectl 1.32 (a proxy in front of the server
 * saved them), as it sends them to kube-apiserver. The expected objects are
 * what `kubectl create ... --dry-run=client -o json` prints for the same
 * command (Go's JSON of the same struct), without its `creationTimestamp: null`.
 */
const CAPTURED = {
  configmap: '6b3873000a0f0a0276311209436f6e6669674d617012270a130a036c697412001a0022002a0032003800420012060a016112013112080a0162120374776f1a002200',
  secret: '6b3873000a0c0a027631120653656372657412310a120a02733112001a0022002a00320038004200120a0a027077120470407373120d0a0475736572120561646d696e1a001a002200',
  namespace: '6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d6112001a0022002a0032003800420012001a020a001a002200',
  serviceaccount: '6b3873000a140a027631120e536572766963654163636f756e7412170a150a05726f626f7412001a0022002a003200380042001a002200',
  secretWithType: '6b3873000a0c0a027631120653656372657412230a120a02733212001a0022002a0032003800420012050a017812001a064f70617175651a002200',
  // kubectl create deployment web --image=nginx
  deployment: '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412ab010a1f0a0377656212001a0022002a003200380042005a0a0a036170701203776562127a0801120c0a0a0a0361707012037765621a600a1c0a0012001a0022002a003200380042005a0a0a036170701203776562124012220a056e67696e7812056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
  // kubectl create deployment multi --image=nginx --image=busybox --replicas=3 --port=8080
  deploymentMulti:
    '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412ea010a230a056d756c746912001a0022002a003200380042005a0c0a0361707012056d756c746912b4010803120e0a0c0a0361707012056d756c74691a97010a1e0a0012001a0022002a003200380042005a0c0a0361707012056d756c74691275122f0a056e67696e7812056e67696e782a00320b0a00100018903f22002a0042006a007200800100880100900100a2010012260a0762757379626f78120762757379626f782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
  // kubectl create deployment zero --image=nginx --replicas=0 -- sleep 100
  deploymentZero:
    '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412bc010a210a047a65726f12001a0022002a003200380042005a0b0a0361707012047a65726f1288010800120d0a0b0a0361707012047a65726f1a6d0a1d0a0012001a0022002a003200380042005a0b0a0361707012047a65726f124c122e0a056e67696e7812056e67696e781a05736c6565701a033130302a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
  // kubectl create service clusterip x --tcp=80:8080
  serviceClusterIP:
    '6b3873000a0d0a02763112075365727669636512630a1b0a017812001a0022002a003200380042005a080a0361707012017812400a1b0a0738302d38303830120354435018502207080010903f1a00280012080a036170701201781a002209436c757374657249503a00420052005a00600068001a020a001a002200',
  // kubectl create service nodeport np --tcp=80:8080 --node-port=30080
  serviceNodePort:
    '6b3873000a0d0a02763112075365727669636512670a1d0a026e7012001a0022002a003200380042005a090a0361707012026e7012420a1d0a0738302d38303830120354435018502207080010903f1a002880eb0112090a0361707012026e701a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200',
  // kubectl create service externalname ext --external-name=example.com
  serviceExternalName:
    '6b3873000a0d0a027631120753657276696365125a0a1f0a0365787412001a0022002a003200380042005a0a0a0361707012036578741233120a0a0361707012036578741a00220c45787465726e616c4e616d653a004200520b6578616d706c652e636f6d5a00600068001a020a001a002200',
  // kubectl create service clusterip headless --clusterip=None
  serviceHeadless:
    '6b3873000a0d0a027631120753657276696365125f0a290a08686561646c65737312001a0022002a003200380042005a0f0a036170701208686561646c657373122e120f0a036170701208686561646c6573731a044e6f6e652209436c757374657249503a00420052005a00600068001a020a001a002200',
  // kubectl debug node/n1 --image=busybox -- true
  debugNodePod:
    '6b3873000a090a0276311203506f6412d2010a260a166e6f64652d64656275676765722d6e312d716a6e667312001a0022002a003200380042001295010a120a09686f73742d726f6f7412050a030a012f124b0a086465627567676572120762757379626f781a04747275652a0042004a180a09686f73742d726f6f7410001a052f686f7374220032006a007200800100880100900100a2010446696c651a054e65766572320042004a0052026e315801600168018201008a01009a0100b2010e0a0012064578697374731a002200c201001a100a001a0022002a0032004a005a0072001a002200',
  // kubectl drain n1 --force (DELETE of each pod)
  drainDeleteOptions: '6b3873000a130a027631120d44656c6574654f7074696f6e7312001a002200',
  // kubectl drain n1 --force --grace-period=5
  drainDeleteOptionsGrace: '6b3873000a130a027631120d44656c6574654f7074696f6e73120208051a002200',
};

const bytes = (hex: string): Buffer => Buffer.from(hex, 'hex');

const podTemplate = (name: string, containers: unknown[]): unknown => ({ metadata: { labels: { app: name } }, spec: { containers } });
const deployment = (name: string, replicas: number, containers: unknown[]): unknown => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate(name, containers), strategy: {} },
  status: {},
});
const service = (name: string, spec: Record<string, unknown>): unknown => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, labels: { app: name } },
  spec: { selector: { app: name }, ...spec },
  status: { loadBalancer: {} },
});

describe('decodeKubernetesProtobuf on bodies captured from kubectl 1.32', () => {
  it.each([
    ['create configmap --from-literal', CAPTURED.configmap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'lit' }, data: { a: '1', b: 'two' } }],
    [
      'create secret generic',
      CAPTURED.secret,
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, data: { pw: Buffer.from('p@ss').toString('base64'), user: Buffer.from('admin').toString('base64') } },
    ],
    ['create namespace', CAPTURED.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' }, spec: {}, status: {} }],
    ['create serviceaccount', CAPTURED.serviceaccount, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } }],
    ['a secret with a type and an empty value', CAPTURED.secretWithType, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's2' }, data: { x: '' }, type: 'Opaque' }],
    ['create deployment', CAPTURED.deployment, deployment('web', 1, [{ name: 'nginx', image: 'nginx', resources: {} }])],
    [
      'create deployment with two images, replicas and a port',
      CAPTURED.deploymentMulti,
      deployment('multi', 3, [
        { name: 'nginx', image: 'nginx', ports: [{ containerPort: 8080 }], resources: {} },
        { name: 'busybox', image: 'busybox', resources: {} },
      ]),
    ],
    // replicas is a *int32: a zero that was sent stays.
    ['create deployment --replicas=0 with a command', CAPTURED.deploymentZero, deployment('zero', 0, [{ name: 'nginx', image: 'nginx', command: ['sleep', '100'], resources: {} }])],
    [
      'create service clusterip',
      CAPTURED.serviceClusterIP,
      service('x', { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], type: 'ClusterIP' }),
    ],
    [
      'create service nodeport',
      CAPTURED.serviceNodePort,
      service('np', { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }], type: 'NodePort' }),
    ],
    ['create service externalname', CAPTURED.serviceExternalName, service('ext', { type: 'ExternalName', externalName: 'example.com' })],
    ['create service clusterip --clusterip=None', CAPTURED.serviceHeadless, service('headless', { clusterIP: 'None', type: 'ClusterIP' })],
    [
      'debug node/n1 (a Pod)',
      CAPTURED.debugNodePod,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'node-debugger-n1-qjnfs' },
        spec: {
          volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
          containers: [
            { name: 'debugger', image: 'busybox', command: ['true'], resources: {}, volumeMounts: [{ name: 'host-root', mountPath: '/host' }], terminationMessagePolicy: 'File' },
          ],
          restartPolicy: 'Never',
          nodeName: 'n1',
          hostNetwork: true,
          hostPID: true,
          hostIPC: true,
          tolerations: [{ operator: 'Exists' }],
        },
        status: {},
      },
    ],
    ['drain (DeleteOptions)', CAPTURED.drainDeleteOptions, { apiVersion: 'v1', kind: 'DeleteOptions' }],
    ['drain --grace-period=5 (DeleteOptions)', CAPTURED.drainDeleteOptionsGrace, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 5 }],
  ])('%s decodes to the JSON the client would send', (_what, hex, expected) => {
    expect(decodeKubernetesProtobuf(bytes(hex))).toEqual(expected);
  });

  it('debug --copy-to sends a whole pod spec, which decodes to the spec kubectl read from the server', () => {
    // testdata: the pod of kubectl-debug-copy-to.applied.yaml as `kubectl get -o json` showed it, and the
    // body of `kubectl debug rich --copy-to=rich-copy --image=busybox --container=dbg -- true`.
    const source = JSON.parse(readFileSync(new URL('./testdata/kubectl-debug-copy-to.source.json', import.meta.url), 'utf8')) as {
      metadata: { annotations: Record<string, string> };
      spec: Record<string, unknown> & { containers: (Record<string, unknown> & { env?: { name: string; value?: string }[] })[] };
    };
    const decoded = decodeKubernetesProtobuf(readFileSync(new URL('./testdata/kubectl-debug-copy-to.pb', import.meta.url)));
    const expectedSpec = structuredClone(source.spec);
    // EnvVar.value is `omitempty` in Go, so an empty value is not printed.
    for (const env of expectedSpec.containers[0]?.env ?? []) if (env.value === '') delete env.value;
    expectedSpec.containers.push({ name: 'dbg', image: 'busybox', command: ['true'], resources: {}, terminationMessagePolicy: 'File' });
    expect(decoded).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'rich-copy', namespace: 'default', annotations: source.metadata.annotations }, spec: expectedSpec, status: {} });
  });
});

describe('decodeKubernetesProtobuf on metadata', () => {
  it('decodes times, pointers, owner references, managedFields and immutable: false as Go prints them', () => {
    const time = [...num(1, 1_700_000_000n), ...num(2, 5n)];
    const owner = [...len(1, 'ReplicaSet'), ...len(3, 'web'), ...len(4, 'u-1'), ...len(5, 'apps/v1'), ...num(6, 1n)];
    const managed = [...len(1, 'kubectl'), ...len(2, 'Apply'), ...len(3, 'v1'), ...len(4, time), ...len(6, 'FieldsV1'), ...len(7, len(1, '{"f:data":{}}'))];
    const meta = [...len(1, 'cm'), ...num(10, 0n), ...len(8, time), ...len(9, []), ...len(13, owner), ...len(14, 'a/b'), ...len(17, managed), ...len(11, [...len(1, 'k'), ...len(2, 'v')])];
    const body = envelope('v1', 'ConfigMap', [...len(1, meta), ...num(4, 0n), ...len(3, [...len(1, 'bin'), ...len(2, [0, 255])])]);
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'cm',
        deletionGracePeriodSeconds: 0,
        creationTimestamp: '2023-11-14T22:13:20Z',
        labels: { k: 'v' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u-1', controller: true }],
        finalizers: ['a/b'],
        managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: '2023-11-14T22:13:20Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } }],
      },
      immutable: false,
      binaryData: { bin: 'AP8=' },
    });
  });
});

describe('decodeKubernetesProtobuf refusals', () => {
  it.each([
    ['a kind without a protobuf schema here', envelope('batch/v1', 'Job', len(1, len(1, 'j'))), 'UnsupportedMediaType'],
    ['a kind in a version this server does not decode', envelope('apps/v1beta2', 'Deployment', len(1, len(1, 'd'))), 'UnsupportedMediaType'],
    ['a body without the k8s prefix', Buffer.from('{"kind":"ConfigMap"}'), 'BadRequest'],
    ['a truncated body', bytes(CAPTURED.configmap).subarray(0, 30), 'BadRequest'],
    ['a string field sent as a varint', envelope('v1', 'Pod', [...len(1, [...num(1, 7)])]), 'BadRequest'],
  ])('%s is refused with %s', (_what, body, code) => {
    let thrown: unknown;
    try {
      decodeKubernetesProtobuf(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).code).toBe(code);
  });
});
