import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { kubectl, kubectlOk, type KubectlOptions, type KubectlResult } from './support/kubectl.ts';

/** The commands that change objects: label, annotate, patch, replace, edit, scale, create and delete. */

let cluster: TestCluster;
let scratch: string;
const run = (args: string[], options?: KubectlOptions): Promise<KubectlResult> => kubectl(cluster.kubeconfig, args, options);
const ok = (args: string[], options?: KubectlOptions): Promise<string> => kubectlOk(cluster.kubeconfig, args, options);
const jsonpath = (resource: string, name: string, path: string): Promise<string> => ok(['get', resource, name, '-o', `jsonpath=${path}`]);

beforeAll(async () => {
  cluster = await startCluster();
  scratch = await mkdtemp(join(tmpdir(), 'kubectl-modify-'));
  await ok(['apply', '-f', 'test/fixtures/manifests/']);
});

afterAll(async () => {
  await cluster.stop();
  await rm(scratch, { recursive: true, force: true });
});

describe('kubectl label and annotate', () => {
  it('label adds, refuses to overwrite without --overwrite, overwrites with it, and removes with key-', async () => {
    expect(await ok(['label', 'configmap', 'game-demo', 'tier=web'])).toBe('configmap/game-demo labeled\n');
    const refused = await run(['label', 'configmap', 'game-demo', 'tier=db']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("error: 'tier' already has a value (web), and --overwrite is false\n");
    expect(await jsonpath('configmap', 'game-demo', '{.metadata.labels.tier}')).toBe('web');
    expect(await ok(['label', 'configmap', 'game-demo', 'tier=db', '--overwrite'])).toBe('configmap/game-demo labeled\n');
    expect(await ok(['get', 'configmap', '-l', 'tier=db', '-o', 'name'])).toBe('configmap/game-demo\n');
    expect(await ok(['label', 'configmap', 'game-demo', 'tier-'])).toBe('configmap/game-demo unlabeled\n');
    expect(await jsonpath('configmap', 'game-demo', '{.metadata.labels}')).toBe('');
  });

  it('annotate adds, refuses to overwrite without --overwrite, overwrites with it, and removes with key-', async () => {
    expect(await ok(['annotate', 'deployment', 'nginx-deployment', 'owner=team-a'])).toBe('deployment.apps/nginx-deployment annotated\n');
    const refused = await run(['annotate', 'deployment', 'nginx-deployment', 'owner=team-b']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("'owner' already has a value (team-a)");
    expect(await ok(['annotate', 'deployment', 'nginx-deployment', 'owner=team-b', '--overwrite'])).toBe('deployment.apps/nginx-deployment annotated\n');
    expect(await jsonpath('deployment', 'nginx-deployment', '{.metadata.annotations.owner}')).toBe('team-b');
    expect(await ok(['annotate', 'deployment', 'nginx-deployment', 'owner-'])).toBe('deployment.apps/nginx-deployment annotated\n');
    expect(await jsonpath('deployment', 'nginx-deployment', '{.metadata.annotations.owner}')).toBe('');
    // Metadata changes do not bump the generation.
    expect(await jsonpath('deployment', 'nginx-deployment', '{.metadata.generation}')).toBe('1');
  });
});

describe('kubectl patch', () => {
  it('--type=json applies RFC 6902 operations, and a failed test operation changes nothing', async () => {
    const patch = '[{"op":"replace","path":"/data/player_initial_lives","value":"9"},{"op":"add","path":"/data/extra","value":"x"}]';
    expect(await ok(['patch', 'configmap', 'game-demo', '--type=json', '-p', patch])).toBe('configmap/game-demo patched\n');
    expect(await jsonpath('configmap', 'game-demo', '{.data.player_initial_lives} {.data.extra}')).toBe('9 x');
    const failed = await run(['patch', 'configmap', 'game-demo', '--type=json', '-p', '[{"op":"test","path":"/data/extra","value":"y"},{"op":"remove","path":"/data/extra"}]']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('The request is invalid: the server rejected our request due to an error in our request\n');
    expect(await jsonpath('configmap', 'game-demo', '{.data.extra}')).toBe('x');
  });

  it('--type=merge merges maps and null deletes a key; an identical patch is "no change"', async () => {
    expect(await ok(['patch', 'configmap', 'game-demo', '--type=merge', '-p', '{"data":{"extra":null,"added":"y"}}'])).toBe('configmap/game-demo patched\n');
    expect(await jsonpath('configmap', 'game-demo', '{.data.extra}|{.data.added}|{.data.player_initial_lives}')).toBe('|y|9');
    expect(await ok(['patch', 'configmap', 'game-demo', '--type=merge', '-p', '{"data":{"added":"y"}}'])).toBe('configmap/game-demo patched (no change)\n');
  });

  it('a strategic merge patch (the default) merges containers by name and keeps the others', async () => {
    const addSidecar = '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.36"}]}}}}';
    expect(await ok(['patch', 'deployment', 'nginx-deployment', '-p', addSidecar])).toBe('deployment.apps/nginx-deployment patched\n');
    const containers = '{range .spec.template.spec.containers[*]}{.name}={.image} {end}';
    expect(await jsonpath('deployment', 'nginx-deployment', containers)).toBe('sidecar=busybox:1.36 nginx=nginx:1.14.2 ');
    const newImage = '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.16.1"}]}}}}';
    expect(await ok(['patch', 'deployment', 'nginx-deployment', '--type=strategic', '-p', newImage])).toBe('deployment.apps/nginx-deployment patched\n');
    expect(await jsonpath('deployment', 'nginx-deployment', containers)).toBe('sidecar=busybox:1.36 nginx=nginx:1.16.1 ');
    // The sidecar got the server's defaults like any container.
    expect(await jsonpath('deployment', 'nginx-deployment', '{.spec.template.spec.containers[0].imagePullPolicy}')).toBe('IfNotPresent');
    const removeSidecar = '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}';
    await ok(['patch', 'deployment', 'nginx-deployment', '-p', removeSidecar]);
    expect(await jsonpath('deployment', 'nginx-deployment', containers)).toBe('nginx=nginx:1.16.1 ');
  });

  it('a patch of a missing object is NotFound', async () => {
    const result = await run(['patch', 'configmap', 'missing', '-p', '{"data":{"a":"b"}}']);
    expect(result.stderr).toBe('Error from server (NotFound): configmaps "missing" not found\n');
  });
});

describe('kubectl replace', () => {
  it('replace -f of a manifest without resourceVersion or uid replaces the object unconditionally', async () => {
    const uid = await jsonpath('configmap', 'game-demo', '{.metadata.uid}');
    expect(await ok(['replace', '-f', 'test/fixtures/manifests/configmap.yaml'])).toBe('configmap/game-demo replaced\n');
    expect(await jsonpath('configmap', 'game-demo', '{.data.player_initial_lives}|{.data.added}|{.metadata.uid}')).toBe(`3||${uid}`);
  });

  it('replace -f of an object read earlier is a Conflict once someone else changed it', async () => {
    const stale = await ok(['get', 'configmap', 'game-demo', '-o', 'yaml']);
    await ok(['label', 'configmap', 'game-demo', 'changed=yes']);
    const result = await run(['replace', '-f', '-'], { input: stale.replace('player_initial_lives: "3"', 'player_initial_lives: "7"') });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "game-demo": the object has been modified; please apply your changes to the latest version and try again\n',
    );
  });
});

describe('kubectl edit', () => {
  /** An editor that rewrites one value in the file kubectl hands it, as a person would. */
  async function sedEditor(name: string, from: string, to: string): Promise<string> {
    const path = join(scratch, name);
    await writeFile(path, `#!/bin/sh\nsed -i 's/${from}/${to}/' "$1"\n`);
    await chmod(path, 0o755);
    return path;
  }

  it('EDITOR: the edited object is saved', async () => {
    const editor = await sedEditor('edit-lives.sh', 'player_initial_lives: "3"', 'player_initial_lives: "42"');
    const out = await ok(['edit', 'configmap', 'game-demo'], { env: { EDITOR: editor } });
    expect(out).toBe('configmap/game-demo edited\n');
    expect(await jsonpath('configmap', 'game-demo', '{.data.player_initial_lives}')).toBe('42');
  });

  it('KUBE_EDITOR wins over EDITOR', async () => {
    const editor = await sedEditor('edit-replicas.sh', 'replicas: 3', 'replicas: 2');
    const out = await ok(['edit', 'deployment', 'nginx-deployment'], { env: { KUBE_EDITOR: editor, EDITOR: '/bin/false' } });
    expect(out).toBe('deployment.apps/nginx-deployment edited\n');
    expect(await jsonpath('deployment', 'nginx-deployment', '{.spec.replicas}')).toBe('2');
  });

  it('an editor that changes nothing cancels the edit', async () => {
    const result = await run(['edit', 'configmap', 'game-demo'], { env: { EDITOR: 'true' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Edit cancelled, no changes made.\n');
  });

  it('an invalid edit is refused with the server error and the file kept for the user', async () => {
    const editor = await sedEditor('edit-image.sh', 'image: nginx:1.16.1', 'image: ""');
    const result = await run(['edit', 'deployment', 'nginx-deployment'], { env: { EDITOR: editor } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: deployments\.apps "nginx-deployment" is invalid\nA copy of your changes has been stored to "[^"]+"\nerror: Edit cancelled, no valid changes were saved\.\n$/,
    );
    const kept = /A copy of your changes has been stored to "([^"]+)"/.exec(result.stderr)?.[1] ?? '';
    const copy = await readFile(kept, 'utf8');
    await rm(kept, { force: true });
    expect(copy).toContain('# deployments.apps "nginx-deployment" was not valid:\n# * spec.template.spec.containers[0].image: Required value\n');
    expect(copy).toContain('image: ""');
    expect(await jsonpath('deployment', 'nginx-deployment', '{.spec.template.spec.containers[0].image}')).toBe('nginx:1.16.1');
  });
});

describe('kubectl scale', () => {
  it('scale deployment --replicas=5 writes spec.replicas through the scale subresource', async () => {
    const result = await run(['scale', 'deployment', 'nginx-deployment', '--replicas=5', '-v=6']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('deployment.apps/nginx-deployment scaled\n');
    expect(result.stderr).toMatch(/PATCH https:\/\/\S+\/apis\/apps\/v1\/namespaces\/default\/deployments\/nginx-deployment\/scale 200 OK/);
    expect(await jsonpath('deployment', 'nginx-deployment', '{.spec.replicas}')).toBe('5');
    const scale: unknown = JSON.parse(await ok(['get', '--raw', '/apis/apps/v1/namespaces/default/deployments/nginx-deployment/scale']));
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 5 }, status: { selector: 'app=nginx' } });
  });

  it('scale --current-replicas is a precondition', async () => {
    const result = await run(['scale', 'replicaset', 'frontend', '--current-replicas=2', '--replicas=1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: Expected replicas to be 2, was 3\n');
    expect(await ok(['scale', 'replicaset', 'frontend', '--current-replicas=3', '--replicas=1'])).toBe('replicaset.apps/frontend scaled\n');
    expect(await jsonpath('replicaset', 'frontend', '{.spec.replicas}')).toBe('1');
  });
});

describe('kubectl create', () => {
  it('configmap --from-literal', async () => {
    expect(await ok(['create', 'configmap', 'literal', '--from-literal=a=1', '--from-literal=b=two words'])).toBe('configmap/literal created\n');
    expect(await jsonpath('configmap', 'literal', '{.data.a}|{.data.b}')).toBe('1|two words');
    const again = await run(['create', 'configmap', 'literal', '--from-literal=a=1']);
    expect(again.stderr).toBe('error: failed to create configmap: configmaps "literal" already exists\n');
  });

  it('secret generic stores the values base64-encoded', async () => {
    expect(await ok(['create', 'secret', 'generic', 'db-user', '--from-literal=username=admin', '--from-literal=password=p@ss w0rd'])).toBe('secret/db-user created\n');
    expect(await jsonpath('secret', 'db-user', '{.type} {.data.username} {.data.password}')).toBe(
      `Opaque ${Buffer.from('admin').toString('base64')} ${Buffer.from('p@ss w0rd').toString('base64')}`,
    );
  });

  it('namespace, which get ns then lists with the four initial ones', async () => {
    expect(await ok(['create', 'namespace', 'team-a'])).toBe('namespace/team-a created\n');
    const names = (await ok(['get', 'ns', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name,PHASE:.status.phase'])).trim().split('\n');
    expect(names.map((l) => l.split(/\s+/).join(' '))).toEqual(['default Active', 'kube-node-lease Active', 'kube-public Active', 'kube-system Active', 'team-a Active']);
    expect(await ok(['create', 'configmap', 'in-team-a', '-n', 'team-a', '--from-literal=k=v'])).toBe('configmap/in-team-a created\n');
  });

  it('a configmap in a namespace that does not exist is NotFound', async () => {
    const result = await run(['create', 'configmap', 'lost', '-n', 'nowhere', '--from-literal=k=v']);
    expect(result.stderr).toBe('error: failed to create configmap: namespaces "nowhere" not found\n');
  });
});

describe('kubectl delete', () => {
  it('--cascade=orphan is accepted and the object is gone', async () => {
    expect(await ok(['delete', 'deployment', 'nginx-deployment', '--cascade=orphan'], { timeoutMs: 15_000 })).toBe('deployment.apps "nginx-deployment" deleted\n');
    expect((await run(['get', 'deployment', 'nginx-deployment'])).stderr).toBe('Error from server (NotFound): deployments.apps "nginx-deployment" not found\n');
  });

  it('--cascade=foreground and the default background cascade delete too', async () => {
    expect(await ok(['delete', 'replicaset', 'frontend', '--cascade=foreground'], { timeoutMs: 15_000 })).toBe('replicaset.apps "frontend" deleted\n');
    expect(await ok(['delete', 'configmap', 'literal', 'game-demo'])).toBe('configmap "literal" deleted\nconfigmap "game-demo" deleted\n');
  });

  it('delete of a missing object is NotFound; --ignore-not-found is quiet', async () => {
    expect((await run(['delete', 'pod', 'missing'])).stderr).toBe('Error from server (NotFound): pods "missing" not found\n');
    const quiet = await run(['delete', 'pod', 'missing', '--ignore-not-found']);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('delete namespace', async () => {
    expect(await ok(['delete', 'namespace', 'team-a', '--wait=false'])).toBe('namespace "team-a" deleted\n');
  });
});
