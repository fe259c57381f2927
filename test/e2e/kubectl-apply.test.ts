import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { kubectl, kubectlOk, type KubectlOptions, type KubectlResult } from './support/kubectl.ts';

/** kubectl apply, server-side apply, api-resources and the errors kubectl prints for bad manifests. */

const MANIFESTS = 'test/fixtures/manifests/';

let cluster: TestCluster;
const run = (args: string[], options?: KubectlOptions): Promise<KubectlResult> => kubectl(cluster.kubeconfig, args, options);
const ok = (args: string[], options?: KubectlOptions): Promise<string> => kubectlOk(cluster.kubeconfig, args, options);
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '').sort();

let deploymentYaml: string;
/** The documentation's Deployment with `edits` applied to its text. */
const deployment = (...edits: [RegExp | string, string][]): string => edits.reduce((text, [from, to]) => text.replace(from, to), deploymentYaml);

beforeAll(async () => {
  cluster = await startCluster();
  deploymentYaml = await readFile(`${MANIFESTS}deployment.yaml`, 'utf8');
});

afterAll(async () => {
  await cluster.stop();
});

describe('kubectl apply', () => {
  it('creates every manifest of the directory', async () => {
    expect(lines(await ok(['apply', '-f', MANIFESTS]))).toEqual([
      'configmap/game-demo created',
      'deployment.apps/nginx-deployment created',
      'pod/liveness-http created',
      'replicaset.apps/frontend created',
      'secret/dotfile-secret created',
      'secret/secret-basic-auth created',
      'service/my-service created',
    ]);
    expect(await ok(['get', 'deployment', 'nginx-deployment', '-o', 'jsonpath={.spec.replicas} {.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}'])).toMatch(
      /^3 \{"apiVersion":"apps\/v1","kind":"Deployment"/,
    );
  });

  it('applied again, reports each unchanged (a stringData Secret always patches, as in Kubernetes #87736)', async () => {
    expect(lines(await ok(['apply', '-f', MANIFESTS]))).toEqual([
      'configmap/game-demo unchanged',
      'deployment.apps/nginx-deployment unchanged',
      'pod/liveness-http unchanged',
      'replicaset.apps/frontend unchanged',
      'secret/dotfile-secret unchanged',
      // stringData is write-only: the live object never has it, so kubectl's three-way patch is never empty.
      'secret/secret-basic-auth configured',
      'service/my-service unchanged',
    ]);
  });

  it('a changed replicas count is configured, stored and bumps the generation', async () => {
    const out = await ok(['apply', '-f', '-'], { input: deployment(['replicas: 3', 'replicas: 4']) });
    expect(out).toBe('deployment.apps/nginx-deployment configured\n');
    expect(await ok(['get', 'deployment', 'nginx-deployment', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}'])).toBe('4 2');
  });
});

describe('kubectl apply --server-side', () => {
  const configMap = (value: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa-demo\ndata:\n  mode: "${value}"\n`;

  it('creates and updates with serverside-applied, owned by the kubectl field manager', async () => {
    expect(await ok(['apply', '--server-side', '-f', '-'], { input: configMap('a') })).toBe('configmap/ssa-demo serverside-applied\n');
    expect(await ok(['apply', '--server-side', '-f', '-'], { input: configMap('a') })).toBe('configmap/ssa-demo serverside-applied\n');
    const managers = await ok(['get', 'configmap', 'ssa-demo', '-o', 'jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation}{"\\n"}{end}']);
    expect(managers).toBe('kubectl/Apply\n');
  });

  it('a second field manager setting the same field gets the conflict error, and wins with --force-conflicts', async () => {
    const conflict = await run(['apply', '--server-side', '--field-manager=intruder', '-f', '-'], { input: configMap('b') });
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(/^error: Apply failed with 1 conflict: conflict with "kubectl": \.data\.mode\n/);
    expect(conflict.stderr).toContain('re-run the apply\n  command with the `--force-conflicts` flag');
    expect(await ok(['get', 'configmap', 'ssa-demo', '-o', 'jsonpath={.data.mode}'])).toBe('a');

    const forced = await ok(['apply', '--server-side', '--field-manager=intruder', '--force-conflicts', '-f', '-'], { input: configMap('b') });
    expect(forced).toBe('configmap/ssa-demo serverside-applied\n');
    expect(await ok(['get', 'configmap', 'ssa-demo', '-o', 'jsonpath={.data.mode}'])).toBe('b');
  });

  it('applies the whole directory, and applying it again writes nothing', async () => {
    await ok(['create', 'namespace', 'ssa']);
    const applied = ['configmap/game-demo', 'deployment.apps/nginx-deployment', 'pod/liveness-http', 'replicaset.apps/frontend', 'secret/dotfile-secret', 'secret/secret-basic-auth', 'service/my-service'];
    expect(lines(await ok(['apply', '--server-side', '-n', 'ssa', '-f', MANIFESTS]))).toEqual(applied.map((a) => `${a} serverside-applied`));
    // Not secret-basic-auth: its applied stringData is never live, so like kube-apiserver each apply re-stamps its managedFields time.
    const versions = (): Promise<string> =>
      ok(['get', 'all,configmaps,secrets', '-n', 'ssa', '--field-selector', 'metadata.name!=secret-basic-auth', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.resourceVersion} {end}']);
    const before = await versions();
    expect(lines(await ok(['apply', '--server-side', '-n', 'ssa', '-f', MANIFESTS]))).toEqual(applied.map((a) => `${a} serverside-applied`));
    expect(await versions()).toBe(before);
    expect(await ok(['get', 'secret', 'secret-basic-auth', '-n', 'ssa', '-o', 'jsonpath={.data.username}'])).toBe(Buffer.from('admin').toString('base64'));
  });

  it('conflicts with the client-side apply manager on a field it set', async () => {
    // nginx-deployment was applied client-side with replicas 4; 3 from another manager conflicts.
    const result = await run(['apply', '--server-side', '-f', '-'], { input: deploymentYaml });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  });
});

describe('kubectl api-resources', () => {
  it.each([
    ['configmaps', 'cm', 'v1', 'true', 'ConfigMap'],
    ['endpoints', 'ep', 'v1', 'true', 'Endpoints'],
    ['events', 'ev', 'v1', 'true', 'Event'],
    ['namespaces', 'ns', 'v1', 'false', 'Namespace'],
    ['nodes', 'no', 'v1', 'false', 'Node'],
    ['persistentvolumeclaims', 'pvc', 'v1', 'true', 'PersistentVolumeClaim'],
    ['persistentvolumes', 'pv', 'v1', 'false', 'PersistentVolume'],
    ['pods', 'po', 'v1', 'true', 'Pod'],
    ['secrets', '', 'v1', 'true', 'Secret'],
    ['serviceaccounts', 'sa', 'v1', 'true', 'ServiceAccount'],
    ['services', 'svc', 'v1', 'true', 'Service'],
    ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'],
    ['replicasets', 'rs', 'apps/v1', 'true', 'ReplicaSet'],
    ['leases', '', 'coordination.k8s.io/v1', 'true', 'Lease'],
    ['endpointslices', '', 'discovery.k8s.io/v1', 'true', 'EndpointSlice'],
  ])('lists %s', async (name, shortName, apiVersion, namespaced, kind) => {
    const table = await apiResources();
    expect(table.header).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    expect(table.rows).toContainEqual([name, shortName, apiVersion, namespaced, kind]);
  });

  it('filters by group and prints names', async () => {
    expect(await ok(['api-resources', '--api-group=apps', '-o', 'name'])).toBe('deployments.apps\nreplicasets.apps\n');
  });

  let cached: { header: string[]; rows: string[][] } | undefined;
  /** The table cut at the header's column offsets, since SHORTNAMES may be blank. */
  async function apiResources(): Promise<{ header: string[]; rows: string[][] }> {
    if (cached !== undefined) return cached;
    const [head = '', ...body] = (await ok(['api-resources'])).split('\n').filter((l) => l !== '');
    const starts = [...head.matchAll(/\S+/g)].map((m) => m.index);
    const cut = (line: string): string[] => starts.map((start, i) => line.slice(start, starts[i + 1]).trim());
    cached = { header: cut(head), rows: body.map(cut) };
    return cached;
  }
});

describe('errors kubectl prints for bad manifests', () => {
  it('an invalid name: The Deployment "x" is invalid, naming metadata.name', async () => {
    const result = await run(['apply', '-f', '-'], { input: deployment(['name: nginx-deployment', 'name: Bad_Name']) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^The Deployment "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '\.'/,
    );
  });

  it('a container without an image: names spec.template.spec.containers[0].image', async () => {
    const result = await run(['apply', '-f', '-'], { input: deployment(['name: nginx-deployment', 'name: no-image'], [/ +image: nginx:1\.14\.2\n/, '']) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('The Deployment "no-image" is invalid: spec.template.spec.containers[0].image: Required value\n');
    expect((await run(['get', 'deployment', 'no-image'])).stderr).toBe('Error from server (NotFound): deployments.apps "no-image" not found\n');
  });

  const withUnknownField = (name: string): string => deployment(['name: nginx-deployment', `name: ${name}`], ['  replicas: 3\n', '  replicas: 3\n  replicaz: 2\n']);

  it('an unknown field under the default --validate=strict: the strict decoding error, nothing stored', async () => {
    const result = await run(['apply', '-f', '-'], { input: withUnknownField('strict') });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"\n',
    );
    expect((await run(['get', 'deployment', 'strict'])).code).toBe(1);
  });

  it('an unknown field in a patch of an existing object: the bare strict decoding error', async () => {
    const result = await run(['apply', '-f', '-'], { input: withUnknownField('nginx-deployment') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error when patching "STDIN": strict decoding error: unknown field "spec\.replicaz"\n$/);
  });

  it('--validate=false accepts the unknown field and drops it, as decoding into the Go type does', async () => {
    expect(await ok(['apply', '--validate=false', '-f', '-'], { input: withUnknownField('lenient') })).toBe('deployment.apps/lenient created\n');
    const spec = JSON.parse(await ok(['get', 'deployment', 'lenient', '-o', 'jsonpath={.spec}'])) as Record<string, unknown>;
    expect(spec['replicas']).toBe(3);
    expect(spec).not.toHaveProperty('replicaz');
  });

  it('--validate=warn creates it with a warning', async () => {
    const result = await run(['apply', '--validate=warn', '-f', '-'], { input: withUnknownField('warned') });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('deployment.apps/warned created\n');
    expect(result.stderr).toBe('Warning: unknown field "spec.replicaz"\n');
  });
});

describe('kubectl delete -f', () => {
  it('deletes every manifest of the directory', async () => {
    expect(lines(await ok(['delete', '-f', MANIFESTS]))).toEqual([
      'configmap "game-demo" deleted',
      'deployment.apps "nginx-deployment" deleted',
      'pod "liveness-http" deleted',
      'replicaset.apps "frontend" deleted',
      'secret "dotfile-secret" deleted',
      'secret "secret-basic-auth" deleted',
      'service "my-service" deleted',
    ]);
    // the default `kubernetes` Service is the API server's, not the manifests'
    expect(await ok(['get', 'pods,services,replicasets', '-o', 'name'])).toBe('service/kubernetes\n');
    expect(await ok(['get', 'deployments', '-o', 'name'])).toBe('deployment.apps/lenient\ndeployment.apps/warned\n');
  });
});

// `kubectl get A,B -o yaml` writes a `kind: List`; kubectl validates a List on the client
// against /openapi/v2, which client-go reads only as gnostic protobuf.
const LIST = `
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: listed-config}
  data: {mode: fast}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: listed-web}
  spec:
    replicas: 1
    strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}}
    selector: {matchLabels: {app: listed-web}}
    template:
      metadata: {labels: {app: listed-web}}
      spec:
        containers:
        - name: web
          image: nginx:1.25
          resources: {requests: {cpu: 1, memory: 1Gi}}
          ports: [{name: http, containerPort: 80}]
          livenessProbe: {httpGet: {path: /, port: http}}
- apiVersion: v1
  kind: Service
  metadata: {name: listed-web}
  spec: {selector: {app: listed-web}, ports: [{port: 80, targetPort: http}]}
`;

describe('kubectl apply of a kind: List', () => {
  it('creates every item', async () => {
    expect(lines(await ok(['apply', '-f', '-'], { input: LIST }))).toEqual(['configmap/listed-config created', 'deployment.apps/listed-web created', 'service/listed-web created']);
    expect(await ok(['get', 'configmap', 'listed-config', '-o', 'jsonpath={.data.mode}'])).toBe('fast');
  });

  it('applies what `get -o yaml` of several kinds exported: every stored field passes kubectl validation', async () => {
    const exported = await ok(['get', 'deployments,replicasets,services,configmaps,secrets', '-o', 'yaml']);
    expect(exported).toMatch(/^apiVersion: v1\nitems:\n/);
    const result = await run(['apply', '--dry-run=server', '-f', '-'], { input: exported });
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual(expect.arrayContaining(['deployment.apps/listed-web configured (server dry run)', 'service/listed-web configured (server dry run)']));
  });

  it('an unknown field in an item: kubectl names it from the server schema, and stores none of the items', async () => {
    const result = await run(['apply', '-f', '-'], { input: LIST.replaceAll('listed-', 'typo-').replace('data: {mode: fast}', 'dataa: {mode: fast}') });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: error validating "STDIN": error validating data: ValidationError(ConfigMap): unknown field "dataa" in io.k8s.api.core.v1.ConfigMap; if you choose to ignore these errors, turn validation off with --validate=false\n',
    );
    expect(await ok(['get', 'configmaps,deployments,services', '-o', 'name'])).not.toContain('typo-');
  });
});
