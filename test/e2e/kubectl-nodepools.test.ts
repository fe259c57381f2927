import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { kubectl, kubectlOk, type KubectlOptions, type KubectlResult } from './support/kubectl.ts';

/** kubernel.dev/v1alpha1 NodePool and NodeClaim through the real kubectl: discovery, apply, get, explain, errors, status. */

let cluster: TestCluster;
const run = (args: string[], options?: KubectlOptions): Promise<KubectlResult> => kubectl(cluster.kubeconfig, args, options);
const ok = (args: string[], options?: KubectlOptions): Promise<string> => kubectlOk(cluster.kubeconfig, args, options);

/** A table's lines split at runs of spaces (every cell asserted here is non-blank). */
const table = (text: string): string[][] => text.split('\n').filter((l) => l !== '').map((l) => l.trim().split(/\s+/));

const POOL = `apiVersion: kubernel.dev/v1alpha1
kind: NodePool
metadata:
  name: general
spec:
  provider: simulated
  options:
    count: 0
  template:
    metadata:
      labels:
        team: web
    spec:
      requirements:
        - key: node.kubernetes.io/instance-type
          operator: In
          values: [m6i.large, m6i.xlarge]
      taints:
        - key: dedicated
          value: web
          effect: NoSchedule
  limits:
    cpu: "100"
    memory: 400Gi
  min: 0
  max: 10
`;

const CLAIM = `apiVersion: kubernel.dev/v1alpha1
kind: NodeClaim
metadata:
  name: general-x7k2p
  labels:
    kubernel.dev/node-pool: general
    node.kubernetes.io/instance-type: m6i.large
    kubernel.dev/capacity-type: on-demand
    topology.kubernetes.io/zone: us-east-1a
spec:
  requirements:
    - key: node.kubernetes.io/instance-type
      operator: In
      values: [m6i.large]
  resources:
    requests:
      cpu: 1500m
      memory: 2Gi
`;

const edit = (text: string, ...edits: [string | RegExp, string][]): string => edits.reduce((out, [from, to]) => out.replace(from, to), text);

beforeAll(async () => {
  cluster = await startCluster();
});

afterAll(async () => {
  await cluster.stop();
});

describe('discovery', () => {
  it('kubectl api-resources lists both kinds under kubernel.dev/v1alpha1, cluster-scoped', async () => {
    const rows = table(await ok(['api-resources', '--api-group=kubernel.dev']));
    // No short names, so the SHORTNAMES column is blank in the rows.
    expect(rows).toEqual([
      ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'],
      ['nodeclaims', 'kubernel.dev/v1alpha1', 'false', 'NodeClaim'],
      ['nodepools', 'kubernel.dev/v1alpha1', 'false', 'NodePool'],
    ]);
  });
});

describe('NodePool', () => {
  it('kubectl apply creates it with the disruption defaults', async () => {
    expect(await ok(['apply', '-f', '-'], { input: POOL })).toBe('nodepool.kubernel.dev/general created\n');
    const disruption: unknown = JSON.parse(await ok(['get', 'nodepool', 'general', '-o', 'jsonpath={.spec.disruption}']));
    expect(disruption).toEqual({ budgets: [{ nodes: '10%' }], consolidateAfter: '0s', consolidationPolicy: 'WhenEmptyOrUnderutilized' });
  });

  it('applied again it is unchanged; with a change it is configured with a merge patch and bumps the generation', async () => {
    expect(await ok(['apply', '-f', '-'], { input: POOL })).toBe('nodepool.kubernel.dev/general unchanged\n');
    expect(await ok(['apply', '-f', '-'], { input: edit(POOL, ['max: 10', 'max: 12']) })).toBe('nodepool.kubernel.dev/general configured\n');
    expect(await ok(['get', 'nodepool', 'general', '-o', 'jsonpath={.spec.max} {.metadata.generation} {.spec.options.count}'])).toBe('12 2 0');
  });

  it('kubectl get nodepools prints NAME, PROVIDER, NODES, READY and AGE', async () => {
    const [header, row, ...rest] = table(await ok(['get', 'nodepools']));
    expect(header).toEqual(['NAME', 'PROVIDER', 'NODES', 'READY', 'AGE']);
    expect(row?.slice(0, 4)).toEqual(['general', 'simulated', '0', 'Unknown']);
    expect(row?.[4]).toMatch(/^\d+s$/);
    expect(rest).toEqual([]);
  });

  it('takes status only through /status', async () => {
    const status = '{"status":{"resources":{"nodes":"2","cpu":"4"},"conditions":[{"type":"Ready","status":"True","reason":"Ready","message":"","lastTransitionTime":"2024-05-01T10:00:00Z"}]}}';
    expect(await ok(['patch', 'nodepool', 'general', '--type=merge', '-p', '{"status":{"resources":{"nodes":"9"}}}'])).toBe(
      'nodepool.kubernel.dev/general patched (no change)\n',
    );
    await ok(['patch', 'nodepool', 'general', '--subresource=status', '--type=merge', '-p', status]);
    expect(table(await ok(['get', 'nodepools', '--no-headers']))[0]?.slice(0, 4)).toEqual(['general', 'simulated', '2', 'True']);
    expect(await ok(['get', 'nodepool', 'general', '-o', 'jsonpath={.metadata.generation}'])).toBe('2');
  });

  it('kubectl explain nodepool.spec.disruption describes the fields', async () => {
    const out = await ok(['explain', 'nodepool.spec.disruption']);
    expect(out).toMatch(/^GROUP:\s+kubernel\.dev\nKIND:\s+NodePool\nVERSION:\s+v1alpha1\n/);
    expect(out).toContain('FIELD: disruption <Disruption>');
    expect(out).toMatch(/\n {2}budgets\t<\[\]Budget>\n/);
    expect(out).toMatch(/\n {2}consolidateAfter\t<string>\n {4}How long a node must be empty or underused/);
    expect(out).toMatch(/\n {2}consolidationPolicy\t<string>\n/);
    expect(await ok(['explain', 'nodepool.spec.provider'])).toContain('FIELD: provider <string>');
  });

  it('an invalid pool is refused with the Status naming each field, and nothing is stored', async () => {
    const broken = edit(POOL, ['name: general', 'name: broken'], ['operator: In', 'operator: Within'], ['min: 0', 'min: 5'], ['max: 10', 'max: 3']);
    const result = await run(['apply', '-f', '-'], { input: broken });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'The NodePool "broken" is invalid: \n' +
        '* spec.template.spec.requirements[0].operator: Unsupported value: "Within": supported values: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"\n' +
        '* spec.max: Invalid value: 3: must be greater than or equal to `min`\n',
    );
    expect((await run(['get', 'nodepool', 'broken'])).stderr).toBe('Error from server (NotFound): nodepools.kubernel.dev "broken" not found\n');
  });

  it('an invalid change to a pool is refused and leaves it as it was', async () => {
    const before = await ok(['get', 'nodepool', 'general', '-o', 'jsonpath={.metadata.resourceVersion} {.spec.min} {.spec.max}']);
    const result = await run(['apply', '-f', '-'], { input: edit(POOL, ['min: 0', 'min: 20']) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The NodePool "general" is invalid: spec.max: Invalid value: 10: must be greater than or equal to `min`');
    expect(await ok(['get', 'nodepool', 'general', '-o', 'jsonpath={.metadata.resourceVersion} {.spec.min} {.spec.max}'])).toBe(before);
  });
});

describe('NodeClaim', () => {
  it('is created without the status a client sends', async () => {
    const withStatus = `${CLAIM}status:\n  nodeName: forged\n`;
    expect(await ok(['apply', '-f', '-'], { input: withStatus })).toBe('nodeclaim.kubernel.dev/general-x7k2p created\n');
    expect(await ok(['get', 'nodeclaim', 'general-x7k2p', '-o', 'jsonpath={.status}'])).toBe('');
  });

  it('kubectl get nodeclaims -o wide adds ID and NODEPOOL to the launch details', async () => {
    const status = '{"status":{"nodeName":"ip-10-0-1-7","providerID":"aws:///us-east-1a/i-0abc","conditions":[{"type":"Ready","status":"True","reason":"Ready","message":"","lastTransitionTime":"2024-05-01T10:00:00Z"}]}}';
    await ok(['patch', 'nodeclaim', 'general-x7k2p', '--subresource=status', '--type=merge', '-p', status]);
    const [header, row] = table(await ok(['get', 'nodeclaims', '-o', 'wide']));
    expect(header).toEqual(['NAME', 'TYPE', 'CAPACITY', 'ZONE', 'NODE', 'READY', 'AGE', 'ID', 'NODEPOOL']);
    expect(row?.filter((_, i) => i !== 6)).toEqual(['general-x7k2p', 'm6i.large', 'on-demand', 'us-east-1a', 'ip-10-0-1-7', 'True', 'aws:///us-east-1a/i-0abc', 'general']);
    expect(table(await ok(['get', 'nodeclaims']))[0]).toEqual(['NAME', 'TYPE', 'CAPACITY', 'ZONE', 'NODE', 'READY', 'AGE']);
  });

  it('refuses a change of its spec as immutable, but takes new labels', async () => {
    const result = await run(['apply', '-f', '-'], { input: edit(CLAIM, ['cpu: 1500m', 'cpu: "2"']) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^The NodeClaim "general-x7k2p" is invalid: spec: Invalid value: \{"requirements":.*"cpu":"2".*\}: field is immutable\n$/);
    expect(await ok(['get', 'nodeclaim', 'general-x7k2p', '-o', 'jsonpath={.spec.resources.requests.cpu}'])).toBe('1500m');
    expect(await ok(['label', 'nodeclaim', 'general-x7k2p', 'kubernel.dev/disrupting=true'])).toBe('nodeclaim.kubernel.dev/general-x7k2p labeled\n');
  });

  it('kubectl delete removes both kinds', async () => {
    expect(await ok(['delete', 'nodeclaim', 'general-x7k2p'])).toBe('nodeclaim.kubernel.dev "general-x7k2p" deleted\n');
    expect(await ok(['delete', 'nodepool', 'general'])).toBe('nodepool.kubernel.dev "general" deleted\n');
    expect(await ok(['get', 'nodepools,nodeclaims', '-o', 'name'])).toBe('');
  });
});
