import { describe, expect, it } from 'vitest';
import {
  affinityTo,
  CATALOG,
  HOSTNAME,
  hostnameAntiAffinity,
  instanceType,
  launching,
  node,
  pending,
  plan,
  pod,
  pool,
  summary,
  ZONE,
  zoneSpread,
} from './test-fixtures.ts';

const TAINTED = pool('gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
const TOLERATES = { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] };

describe('planProvisioning: where pods go', () => {
  it('puts a pod that fits an existing node there and plans no node', () => {
    const existing = node('n1', { allocatable: { cpu: '4', memory: '16Gi', pods: '110' } });
    const result = summary(plan({ nodes: [existing], pods: [pending('web', '1')] }));
    expect(result).toEqual({ existing: { web: 'n1' }, launching: {}, nodes: [], unschedulable: {} });
  });

  it('leaves the input nodes untouched', () => {
    const existing = node('n1', { allocatable: { cpu: '4', memory: '16Gi', pods: '110' } });
    plan({ nodes: [existing], pods: [pending('web', '1')] });
    expect(existing.pods).toHaveLength(0);
  });

  it('packs small pods first-fit decreasing onto one node of the cheapest type that holds them all', () => {
    const pods = ['300m', '1500m', '700m', '1500m'].map((cpu, i) => pending(`p${i}`, cpu));
    const [only, ...rest] = plan({ pods }).newNodes;
    expect(rest).toHaveLength(0);
    expect(only?.instanceTypes.map((t) => t.name)).toEqual(['large.4', 'xlarge.8']);
    expect(only?.pods.map((p) => p.name)).toEqual(['p1', 'p3', 'p2', 'p0']);
    expect(only?.requests).toEqual({ cpuMillis: 4000, memoryBytes: 4 * 2 ** 30, pods: 4 });
  });

  it('mixes cpu-heavy and memory-heavy pods on a node instead of filling one resource first', () => {
    // By cpu first: 4 cpu-heavy pods fill one node's cpu, and the memory-heavy ones need two more nodes.
    const pods = [...[0, 1, 2, 3, 4, 5].map((i) => pending(`cpu-${i}`, '2', { memory: '2Gi' })), ...[0, 1, 2, 3, 4, 5].map((i) => pending(`mem-${i}`, '500m', { memory: '8Gi' }))];
    expect(plan({ pods }).newNodes.map((n) => [n.instanceTypes[0]?.name, n.requests.cpuMillis, n.requests.memoryBytes / 2 ** 30])).toEqual([
      ['xlarge.8', 7500, 30],
      ['xlarge.8', 7500, 30],
    ]);
  });

  it('breaks equal prices by fewer resources, then by name', () => {
    const types = [instanceType('b.2', 2, { pricePerHour: 1 }), instanceType('a.2', 2, { pricePerHour: 1 }), instanceType('big.4', 4, { pricePerHour: 1 })];
    const [only] = plan({ pods: [pending('p', '1')], pools: [pool('default', { instanceTypes: types })] }).newNodes;
    expect(only?.instanceTypes.map((t) => t.name)).toEqual(['a.2', 'b.2', 'big.4']);
  });

  it('fills a node with identical pods before opening the next', () => {
    const pods = Array.from({ length: 10 }, (_, i) => pending(`p${i}`, '1500m'));
    expect(plan({ pods }).newNodes.map((n) => [n.instanceTypes[0]?.name, n.pods.length])).toEqual([
      ['xlarge.8', 5],
      ['xlarge.8', 5],
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a nodeSelector', { nodeSelector: { [ZONE]: 'b' } }, 'b'],
    ['required node affinity', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: 'In', values: ['c'] }] }] } } } }, 'c'],
  ])('launches in the zone %s asks for', (_how, spec, zone) => {
    expect(plan({ pods: [pending('p', '1', { spec })] }).newNodes.map((n) => n.zone)).toEqual([zone]);
  });

  it("takes the zone of the pods a pod's zone affinity points at", () => {
    const cache = pod('cache-0', { nodeName: 'n1', labels: { app: 'cache' }, requests: { cpu: '1' } });
    const full = node('n1', { labels: { [ZONE]: 'c' }, allocatable: { cpu: '1', memory: '4Gi', pods: '110' }, pods: [cache] });
    const result = summary(plan({ nodes: [full], pods: [pending('web', '1', { spec: affinityTo('cache', ZONE) })] }));
    expect(result.nodes).toEqual([{ pool: 'default', zone: 'c', type: 'small.1', pods: ['web'] }]);
  });

  it('counts the pods nominated to a launching claim and fits a new pod in what is left', () => {
    const claim = launching('default-abc', [instanceType('large.4', 4)], [pod('nominated', { requests: { cpu: '3' } })]);
    const result = summary(plan({ launching: [claim], pods: [pending('fits', '500m'), pending('too-big', '1500m')] }));
    expect(result.launching).toEqual({ fits: 'default-abc' });
    expect(result.nodes).toEqual([{ pool: 'default', zone: 'a', type: 'medium.2', pods: ['too-big'] }]);
  });

  it('reports a pod already nominated to a launching claim there instead of planning it again', () => {
    const nominated = pending('nominated', '3');
    const result = summary(plan({ launching: [launching('default-abc', [instanceType('large.4', 4)], [nominated])], pods: [nominated] }));
    expect(result).toMatchObject({ launching: { nominated: 'default-abc' }, nodes: [] });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an instance type', { nodeSelector: { 'node.kubernetes.io/instance-type': 'large.4' } }, ['large.4']],
    ['types outside a set', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'NotIn', values: ['medium.2', 'xlarge.8'] }] }] } } } }, ['small.1', 'large.4']],
  ])('keeps only the candidate types a pod selecting %s allows', (_what, spec, types) => {
    const [only] = plan({ pods: [pending('p', '500m', { spec })] }).newNodes;
    expect(only?.instanceTypes.map((t) => t.name)).toEqual(types);
  });

  it("launches in the zones the pool's requirements allow", () => {
    const zonal = pool('zonal', { requirements: [{ key: ZONE, operator: 'In', values: ['c'] }] });
    expect(plan({ pools: [zonal], pods: [pending('p', '1')] }).newNodes.map((n) => n.zone)).toEqual(['c']);
  });

  it('tries a pod that found no room again once the others are placed', () => {
    // The sidecar is larger, so it comes first, before the pod it wants to be beside.
    const pods = [pending('app', '1', { labels: { app: 'app' } }), pending('sidecar', '2', { spec: affinityTo('app', HOSTNAME) })];
    expect(summary(plan({ pods }))).toMatchObject({ nodes: [{ pods: ['app', 'sidecar'] }], unschedulable: {} });
  });

  it('prefers the pool of higher weight, then the first by name', () => {
    const pools = [pool('a-low', { weight: 1 }), pool('z-high', { weight: 50 }), pool('b-high', { weight: 50 })];
    expect(summary(plan({ pools, pods: [pending('p', '1')] })).nodes.map((n) => n.pool)).toEqual(['b-high']);
  });
});

describe('planProvisioning: scheduling constraints', () => {
  it('spreads pods with a zone topology spread constraint over new nodes in every zone', () => {
    const pods = Array.from({ length: 6 }, (_, i) => pending(`web-${i}`, '100m', { labels: { app: 'web' }, spec: zoneSpread('web') }));
    const zones = plan({ pods }).newNodes.map((n) => [n.zone, n.pods.length]);
    expect(zones).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 2],
    ]);
  });

  it('gives each pod with hostname anti-affinity a node of its own', () => {
    const pods = Array.from({ length: 3 }, (_, i) => pending(`db-${i}`, '100m', { labels: { app: 'db' }, spec: hostnameAntiAffinity('db') }));
    expect(plan({ pods }).newNodes.map((n) => n.pods.map((p) => p.name))).toEqual([['db-0'], ['db-1'], ['db-2']]);
  });

  it('keeps a pod off an existing node whose pod repels it', () => {
    const db = pod('db-0', { nodeName: 'n1', labels: { app: 'db' }, spec: hostnameAntiAffinity('db') });
    const roomy = node('n1', { allocatable: { cpu: '8', memory: '32Gi', pods: '110' }, pods: [db] });
    const result = summary(plan({ nodes: [roomy], pods: [pending('db-1', '100m', { labels: { app: 'db' } })] }));
    expect(result).toMatchObject({ existing: {}, nodes: [{ pods: ['db-1'] }] });
  });

  it('keeps pods asking for the same host port apart', () => {
    const ports = { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }], resources: { requests: { cpu: '100m' } } }] };
    const pods = [pending('a', '100m', { spec: ports }), pending('b', '100m', { spec: ports })];
    expect(plan({ pods }).newNodes.map((n) => n.pods.map((p) => p.name))).toEqual([['a'], ['b']]);
  });

  it('places pods spread over hostnames by pods they do not match before those pods, so they share a node', () => {
    // By size alone the db pods come first; then every web pod would find 2 db pods on the node and need another.
    const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: HOSTNAME, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'db' } } }] };
    const pods = [pending('db-0', '1', { labels: { app: 'db' } }), pending('db-1', '1', { labels: { app: 'db' } }), ...[0, 1, 2].map((i) => pending(`web-${i}`, '500m', { labels: { app: 'web' }, spec: spread }))];
    expect(summary(plan({ pods })).nodes.map((n) => n.pods)).toEqual([['db-0', 'db-1', 'web-0', 'web-1', 'web-2']]);
  });

  it('places a pod whose affinity is to a pod planned in the same run beside it', () => {
    const pods = [pending('app', '1', { labels: { app: 'app' } }), pending('sidecar', '500m', { spec: affinityTo('app', HOSTNAME) })];
    expect(summary(plan({ pods })).nodes.map((n) => n.pods)).toEqual([['app', 'sidecar']]);
  });
});

describe('planProvisioning: why a pod fits nowhere', () => {
  it.each<[string, Parameters<typeof plan>[0], string]>([
    ['a taint of the pool it does not tolerate', { pools: [TAINTED], pods: [pending('p', '1')] }, 'incompatible with nodepool "gpu": did not tolerate taint dedicated=gpu:NoSchedule'],
    [
      'a pool cpu limit already used up',
      { pools: [pool('burst', { limits: { cpuMillis: 8000 }, usage: { nodes: 2, cpuMillis: 8000, memoryBytes: 0 } })], pods: [pending('p', '1')] },
      'nodepool "burst" reached its cpu limit (limit 8, in use 8)',
    ],
    [
      'a pool memory limit',
      { pools: [pool('burst', { limits: { memoryBytes: 2 ** 31 } })], pods: [pending('p', '1', { memory: '3Gi' })] },
      'nodepool "burst" reached its memory limit (limit 2Gi, in use 0)',
    ],
    ['a pool at its maximum of nodes', { pools: [pool('burst', { maxNodes: 3, usage: { nodes: 3, cpuMillis: 0, memoryBytes: 0 } })], pods: [pending('p', '1')] }, 'nodepool "burst" reached its max of 3 nodes'],
    ['requests no type holds', { pods: [pending('p', '16')] }, 'incompatible with nodepool "default": no instance type satisfies the pod\'s requests (cpu 16, memory 1Gi)'],
    ['a selector no type matches', { pods: [pending('p', '1', { spec: { nodeSelector: { [ZONE]: 'mars' } } })] }, 'incompatible with nodepool "default": no instance type satisfies the pod\'s node selector and affinity'],
    [
      "the pool's requirements leave no type",
      { pools: [pool('arm', { requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] })], pods: [pending('p', '1')] },
      'incompatible with nodepool "arm": no instance type satisfies the nodepool\'s requirements',
    ],
    ['no pool at all', { pools: [], pods: [pending('p', '1')] }, 'no nodepool to launch a node from'],
  ])('%s', (_name, input, reason) => {
    expect(summary(plan(input)).unschedulable).toEqual({ p: reason });
  });

  it('launches on a tainted pool for a pod that tolerates the taint', () => {
    expect(summary(plan({ pools: [TAINTED], pods: [pending('p', '1', { spec: TOLERATES })] })).nodes).toHaveLength(1);
  });

  it("counts a planned node's largest candidate against the cpu limit until pods narrow it", () => {
    const burst = pool('burst', { limits: { cpuMillis: 8000 } });
    const result = summary(plan({ pools: [burst], pods: [pending('a', '5'), pending('b', '5')] }));
    expect(result.nodes.map((n) => n.pods)).toEqual([['a']]);
    expect(result.unschedulable).toEqual({ b: 'nodepool "burst" reached its cpu limit (limit 8, in use 8)' });
  });

  it('keeps to the pool maximum within one plan, and says which pools were tried', () => {
    const pools = [pool('burst', { maxNodes: 1, weight: 10 }), TAINTED];
    const result = summary(plan({ pools, pods: [pending('a', '5'), pending('b', '5')] }));
    expect(result.nodes.map((n) => n.pods)).toEqual([['a']]);
    expect(result.unschedulable).toEqual({ b: 'nodepool "burst" reached its max of 1 nodes; incompatible with nodepool "gpu": did not tolerate taint dedicated=gpu:NoSchedule' });
  });

  it('names the pools held back by their limits, not those the pod does not fit', () => {
    const pools = [pool('burst', { maxNodes: 1, weight: 10 }), TAINTED];
    const result = plan({ pools, pods: [pending('a', '5'), pending('b', '5')] });
    expect(result.unschedulable.map((u) => u.limitedPools)).toEqual([[{ pool: 'burst', reason: 'nodepool "burst" reached its max of 1 nodes' }]]);
  });

  it('says why a pod with pod affinity to nothing cannot start a group', () => {
    const result = summary(plan({ pods: [pending('p', '1', { spec: affinityTo('missing', HOSTNAME) })] }));
    expect(result.unschedulable).toEqual({ p: 'incompatible with nodepool "default": node(s) didn\'t match pod affinity rules' });
  });

  it('plans the same nodes for the same pods whatever their order', () => {
    const pods = CATALOG.map((t, i) => pending(`p${i}`, `${t.cpuMillis / 2}m`));
    const names = (result: ReturnType<typeof plan>) => result.newNodes.map((n) => [n.name, n.pods.map((p) => p.name)]);
    expect(names(plan({ pods: [...pods].reverse() }))).toEqual(names(plan({ pods })));
  });
});
