import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { isRecord } from '../../core/api/types/meta.ts';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { kubectl, kubectlOk, type KubectlOptions, type KubectlResult } from './support/kubectl.ts';

/** kubectl get (every kind, every output format, selectors, all namespaces) and describe. */

let cluster: TestCluster;
const run = (args: string[], options?: KubectlOptions): Promise<KubectlResult> => kubectl(cluster.kubeconfig, args, options);
const ok = (args: string[], options?: KubectlOptions): Promise<string> => kubectlOk(cluster.kubeconfig, args, options);

/** One object of each kind the fixtures do not cover, as a cluster would have them. */
const MORE_KINDS = `
apiVersion: v1
kind: Node
metadata:
  name: node-1
  labels:
    kubernetes.io/hostname: node-1
---
apiVersion: v1
kind: Endpoints
metadata:
  name: my-service
subsets:
- addresses:
  - ip: 10.0.0.5
  ports:
  - port: 9376
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: builder
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-1
spec:
  capacity:
    storage: 1Gi
  accessModes: ["ReadWriteOnce"]
  hostPath:
    path: /tmp/pv-1
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: claim-1
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: lock-1
spec:
  holderIdentity: node-1
  leaseDurationSeconds: 40
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: my-service-abc
  labels:
    kubernetes.io/service-name: my-service
addressType: IPv4
endpoints:
- addresses: ["10.0.0.5"]
ports:
- port: 9376
  protocol: TCP
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: kube-system
data:
  level: debug
`;

/** v1 Events as the scheduler and kubelet write them, one about another pod that describe must leave out. */
const events = (podUid: string, now: string): string =>
  [
    ['liveness-http.scheduled', 'liveness-http', podUid, 'Scheduled', 'Successfully assigned default/liveness-http to node-1', 'default-scheduler'],
    ['liveness-http.pulling', 'liveness-http', podUid, 'Pulling', 'Pulling image "registry.k8s.io/e2e-test-images/agnhost:2.40"', 'kubelet'],
    ['other-pod.scheduled', 'other-pod', '00000000-0000-0000-0000-000000000000', 'Scheduled', 'Successfully assigned default/other-pod to node-1', 'default-scheduler'],
  ]
    .map(
      ([name, pod, uid, reason, message, component]) => `apiVersion: v1
kind: Event
metadata:
  name: ${name}
involvedObject:
  apiVersion: v1
  kind: Pod
  name: ${pod}
  namespace: default
  uid: ${uid}
reason: ${reason}
message: '${message}'
type: Normal
source:
  component: ${component}
firstTimestamp: "${now}"
lastTimestamp: "${now}"
count: 1
`,
    )
    .join('---\n');

beforeAll(async () => {
  cluster = await startCluster();
  await ok(['apply', '-f', 'test/fixtures/manifests/']);
  await ok(['create', '-f', '-'], { input: MORE_KINDS });
  const podUid = await ok(['get', 'pod', 'liveness-http', '-o', 'jsonpath={.metadata.uid}']);
  await ok(['create', '-f', '-'], { input: events(podUid, new Date().toISOString().replace(/\.\d+Z$/, 'Z')) });
});

afterAll(async () => {
  await cluster.stop();
});

/** A printed table: the header's column names (split on runs of 2+ spaces) and the raw rows. */
function table(text: string): { header: string[]; rows: string[] } {
  const [head = '', ...rows] = text.split('\n').filter((l) => l !== '');
  return { header: head.trim().split(/\s{2,}/), rows };
}

describe('kubectl get of every kind prints the columns Kubernetes prints', () => {
  it.each([
    ['pods', ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], /^liveness-http\s+0\/1\s+Pending\s+0\s+\d+s$/],
    ['services', ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], /^my-service\s+ClusterIP\s+\S+\s+<none>\s+80\/TCP\s+\d+s$/],
    ['deployments', ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], /^nginx-deployment\s+0\/3\s+0\s+0\s+\d+s$/],
    ['replicasets', ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], /^frontend\s+3\s+0\s+0\s+\d+s$/],
    ['configmaps', ['NAME', 'DATA', 'AGE'], /^game-demo\s+4\s+\d+s$/],
    ['secrets', ['NAME', 'TYPE', 'DATA', 'AGE'], /^secret-basic-auth\s+kubernetes\.io\/basic-auth\s+2\s+\d+s$/],
    ['namespaces', ['NAME', 'STATUS', 'AGE'], /^kube-system\s+Active\s+\d+s$/],
    ['nodes', ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'], /^node-1\s+Unknown\s+<none>\s+\d+s\s*$/],
    ['endpoints', ['NAME', 'ENDPOINTS', 'AGE'], /^my-service\s+10\.0\.0\.5:9376\s+\d+s$/],
    ['serviceaccounts', ['NAME', 'SECRETS', 'AGE'], /^builder\s+0\s+\d+s$/],
    [
      'persistentvolumes',
      ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
      /^pv-1\s+1Gi\s+RWO\s+Retain\s+Pending\s+<unset>\s+\d+s$/,
    ],
    ['persistentvolumeclaims', ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'], /^claim-1\s+Pending\s+<unset>\s+\d+s$/],
    ['leases', ['NAME', 'HOLDER', 'AGE'], /^lock-1\s+node-1\s+\d+s$/],
    ['endpointslices', ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'], /^my-service-abc\s+IPv4\s+9376\s+10\.0\.0\.5\s+\d+s$/],
    ['events', ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], /^\d+s\s+Normal\s+Scheduled\s+pod\/liveness-http\s+Successfully assigned default\/liveness-http to node-1$/],
  ])('%s', async (resource, header, row) => {
    const printed = table(await ok(['get', resource]));
    expect(printed.header).toEqual(header);
    expect(printed.rows.some((r) => row.test(r)), printed.rows.join('\n')).toBe(true);
  });

  it('short names address the same resources', async () => {
    expect(await ok(['get', 'po,svc,deploy,rs,cm', '-o', 'name'])).toBe(
      'pod/liveness-http\nservice/kubernetes\nservice/my-service\ndeployment.apps/nginx-deployment\nreplicaset.apps/frontend\nconfigmap/game-demo\n',
    );
  });

  it('get ns shows the four namespaces every cluster starts with', async () => {
    const names = table(await ok(['get', 'ns'])).rows.map((r) => r.split(/\s+/)[0]);
    expect(names).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });
});

describe('output formats', () => {
  it('-o wide adds the wide columns', async () => {
    const pods = table(await ok(['get', 'pods', '-o', 'wide']));
    expect(pods.header).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(pods.rows[0]).toMatch(/^liveness-http\s+0\/1\s+Pending\s+0\s+\d+s\s+<none>\s+<none>\s+<none>\s+<none>$/);
    const deployments = table(await ok(['get', 'deployments', '-o', 'wide']));
    expect(deployments.header).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(deployments.rows[0]).toMatch(/^nginx-deployment\s+0\/3\s+0\s+0\s+\d+s\s+nginx\s+nginx:1\.14\.2\s+app=nginx$/);
    const services = table(await ok(['get', 'services', '-o', 'wide']));
    expect(services.header.at(-1)).toBe('SELECTOR');
    // the default `kubernetes` Service sorts first
    expect(services.rows.find((r) => r.startsWith('my-service '))).toMatch(/app\.kubernetes\.io\/name=MyApp$/);
  });

  it('-o yaml prints the stored object with server defaults and identity', async () => {
    const obj: unknown = parseYaml(await ok(['get', 'deployment', 'nginx-deployment', '-o', 'yaml']));
    expect(obj).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx-deployment', namespace: 'default', labels: { app: 'nginx' }, generation: 1 },
      spec: {
        replicas: 3,
        progressDeadlineSeconds: 600,
        revisionHistoryLimit: 10,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', imagePullPolicy: 'IfNotPresent' }], restartPolicy: 'Always' } },
      },
      status: {},
    });
    const metadata = isRecord(obj) && isRecord(obj['metadata']) ? obj['metadata'] : {};
    expect(metadata['uid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(metadata['resourceVersion']).toMatch(/^\d+$/);
    expect(metadata['creationTimestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // kubectl hides managedFields unless asked.
    expect(metadata).not.toHaveProperty('managedFields');
  });

  it('-o json parses, for one object and for a list', async () => {
    const configMap: unknown = JSON.parse(await ok(['get', 'configmap', 'game-demo', '-o', 'json']));
    expect(configMap).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', data: { player_initial_lives: '3', ui_properties_file_name: 'user-interface.properties' } });
    const list: unknown = JSON.parse(await ok(['get', 'pods', '-o', 'json']));
    expect(list).toMatchObject({ kind: 'List', apiVersion: 'v1', items: [{ kind: 'Pod', metadata: { name: 'liveness-http' }, status: { phase: 'Pending' } }] });
  });
});

describe('selectors and scopes', () => {
  it('-l app=nginx selects by label', async () => {
    expect(await ok(['get', 'all', '-l', 'app=nginx', '-o', 'name'])).toBe('deployment.apps/nginx-deployment\n');
    expect(await ok(['get', 'all', '-l', 'tier=frontend,app!=nginx', '-o', 'name'])).toBe('replicaset.apps/frontend\n');
  });

  it('--field-selector selects by field, and an unsupported field is the error Kubernetes gives', async () => {
    expect(await ok(['get', 'secrets', '--field-selector', 'metadata.name=dotfile-secret', '-o', 'name'])).toBe('secret/dotfile-secret\n');
    expect(await ok(['get', 'secrets', '--field-selector', 'type=kubernetes.io/basic-auth', '-o', 'name'])).toBe('secret/secret-basic-auth\n');
    expect(await ok(['get', 'pods', '--field-selector', 'status.phase!=Pending', '-o', 'name'])).toBe('');
    const pods = await run(['get', 'pods', '--field-selector', 'spec.foo=bar']);
    expect(pods.stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=bar": field label not supported: spec.foo\n',
    );
    const configMaps = await run(['get', 'configmaps', '--field-selector', 'data.level=debug']);
    expect(configMaps.stderr).toContain('"data.level" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });

  it('-A and --all-namespaces add the NAMESPACE column', async () => {
    for (const flag of ['-A', '--all-namespaces']) {
      const printed = table(await ok(['get', 'configmaps', flag]));
      expect(printed.header).toEqual(['NAMESPACE', 'NAME', 'DATA', 'AGE']);
      expect(printed.rows.map((r) => r.split(/\s+/).slice(0, 3).join(' ')).sort()).toEqual(['default game-demo 4', 'kube-system settings 1']);
    }
  });

  it('get all prints each kind of the "all" category in its own table', async () => {
    const sections = (await ok(['get', 'all'])).split('\n\n').map((s) => table(s));
    expect(sections.map((s) => s.rows.map((r) => r.split(/\s+/)[0]))).toEqual([
      ['pod/liveness-http'],
      ['service/kubernetes', 'service/my-service'],
      ['deployment.apps/nginx-deployment'],
      ['replicaset.apps/frontend'],
    ]);
    expect(sections[0]?.header).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
  });

  it('get of a missing object is NotFound as kubectl prints it', async () => {
    const result = await run(['get', 'pod', 'missing']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Error from server (NotFound): pods "missing" not found\n');
  });
});

describe('kubectl describe', () => {
  it('a deployment', async () => {
    const out = await ok(['describe', 'deployment', 'nginx-deployment']);
    expect(out).toMatch(/^Name:\s+nginx-deployment$/m);
    expect(out).toMatch(/^Namespace:\s+default$/m);
    expect(out).toMatch(/^Labels:\s+app=nginx$/m);
    expect(out).toMatch(/^Selector:\s+app=nginx$/m);
    expect(out).toMatch(/^Replicas:\s+3 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$/m);
    expect(out).toMatch(/^StrategyType:\s+RollingUpdate$/m);
    expect(out).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    expect(out).toMatch(/^\s+Image:\s+nginx:1\.14\.2$/m);
    expect(out).toMatch(/^\s+Port:\s+80\/TCP$/m);
  });

  it('a pod, with the Events written about it and no others', async () => {
    const out = await ok(['describe', 'pod', 'liveness-http']);
    expect(out).toMatch(/^Name:\s+liveness-http$/m);
    expect(out).toMatch(/^Namespace:\s+default$/m);
    expect(out).toMatch(/^Service Account:\s+default$/m);
    expect(out).toMatch(/^Labels:\s+test=liveness$/m);
    expect(out).toMatch(/^Status:\s+Pending$/m);
    expect(out).toMatch(/^QoS Class:\s+BestEffort$/m);
    expect(out).toMatch(/^\s+Liveness:\s+http-get http:\/\/:8080\/healthz delay=3s timeout=1s period=3s #success=1 #failure=3$/m);
    expect(out).toMatch(/^\s+Readiness:\s+tcp-socket :8080 delay=15s timeout=1s period=10s #success=1 #failure=3$/m);
    const events = out.slice(out.indexOf('\nEvents:'));
    expect(events).toMatch(/^\s+Type\s+Reason\s+Age\s+From\s+Message$/m);
    expect(events).toMatch(/^\s+Normal\s+Scheduled\s+\d+s\s+default-scheduler\s+Successfully assigned default\/liveness-http to node-1$/m);
    expect(events).toMatch(/^\s+Normal\s+Pulling\s+\d+s\s+kubelet\s+Pulling image "registry\.k8s\.io\/e2e-test-images\/agnhost:2\.40"$/m);
    expect(events).not.toContain('other-pod');
  });

  it('a configmap', async () => {
    const out = await ok(['describe', 'configmap', 'game-demo']);
    expect(out).toMatch(/^Name:\s+game-demo$/m);
    expect(out).toMatch(/^Namespace:\s+default$/m);
    expect(out).toMatch(/^Labels:\s+<none>$/m);
    expect(out).toContain('\nData\n====\n');
    expect(out).toContain('player_initial_lives:\n----\n3\n');
    expect(out).toContain('game.properties:\n----\nenemy.types=aliens,monsters\nplayer.maximum-lives=5\n');
  });

  it('a service', async () => {
    const out = await ok(['describe', 'service', 'my-service']);
    expect(out).toMatch(/^Name:\s+my-service$/m);
    expect(out).toMatch(/^Namespace:\s+default$/m);
    expect(out).toMatch(/^Selector:\s+app\.kubernetes\.io\/name=MyApp$/m);
    expect(out).toMatch(/^Type:\s+ClusterIP$/m);
    expect(out).toMatch(/^Port:\s+<unset>\s+80\/TCP$/m);
    expect(out).toMatch(/^TargetPort:\s+9376\/TCP$/m);
    expect(out).toMatch(/^Session Affinity:\s+None$/m);
  });
});
