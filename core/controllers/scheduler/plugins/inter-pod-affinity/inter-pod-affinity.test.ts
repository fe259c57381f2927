import { describe, expect, it } from 'vitest';
import { CycleState, type NodeInfo } from '../../../../contracts/scheduling.ts';
import { filterNodes, node, pod, scoreNodes, type PodOptions } from '../test-fixtures.ts';
import { ERR_REASON_AFFINITY, ERR_REASON_ANTI_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY, InterPodAffinity } from './index.ts';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const namespaces: Record<string, Record<string, string>> = { default: { team: 'a' }, other: { team: 'b' } };

function pluginFor(nodes: readonly NodeInfo[]): InterPodAffinity {
  return new InterPodAffinity({
    namespaceLabels: (ns) => namespaces[ns],
    anyPodWithRequiredAntiAffinity: () => nodes.some((n) => n.podsWithRequiredAntiAffinity.length > 0),
    anyPodWithAffinity: () => nodes.some((n) => n.podsWithAffinity.length > 0),
    allNodes: () => nodes,
  });
}

const term = (labels: Record<string, string>, topologyKey: string, extra: Record<string, unknown> = {}) => ({ labelSelector: { matchLabels: labels }, topologyKey, ...extra });
const placed = (name: string, nodeName: string, labels: Record<string, string>, extra: PodOptions = {}) => pod(name, { nodeName, labels, ...extra });

const AFFINITY = `UnschedulableAndUnresolvable: ${ERR_REASON_AFFINITY}`;
const ANTI = `Unschedulable: ${ERR_REASON_ANTI_AFFINITY}`;
const EXISTING = `Unschedulable: ${ERR_REASON_EXISTING_ANTI_AFFINITY}`;

describe('InterPodAffinity filter', () => {
  it('pod affinity to security=S1 in the same zone (the documentation example)', () => {
    const nodes = [
      node('a1', { labels: { [ZONE]: 'a' }, pods: [placed('s1', 'a1', { security: 'S1' })] }),
      node('a2', { labels: { [ZONE]: 'a' } }),
      node('b1', { labels: { [ZONE]: 'b' } }),
      node('nozone'),
    ];
    const spec = { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ security: 'S1' }, ZONE)] } } };
    expect(filterNodes(pluginFor(nodes), pod('p', { spec }), nodes)).toEqual({ a1: 'Success', a2: 'Success', b1: AFFINITY, nozone: AFFINITY });
  });

  it('the redis-cache example: anti-affinity to app=store per hostname leaves only the free node', () => {
    const nodes = [node('n1', { pods: [placed('store-1', 'n1', { app: 'store' })] }), node('n2', { pods: [placed('store-2', 'n2', { app: 'store' })] }), node('n3')];
    const spec = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'store' }, HOST)] } } };
    expect(filterNodes(pluginFor(nodes), pod('store-3', { labels: { app: 'store' }, spec }), nodes)).toEqual({ n1: ANTI, n2: ANTI, n3: 'Success' });
  });

  it('the web-server example: next to a store, away from other web servers', () => {
    const nodes = [
      node('n1', { pods: [placed('store-1', 'n1', { app: 'store' }), placed('web-1', 'n1', { app: 'web-store' })] }),
      node('n2', { pods: [placed('store-2', 'n2', { app: 'store' })] }),
      node('n3'),
    ];
    const spec = {
      affinity: {
        podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'store' }, HOST)] },
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web-store' }, HOST)] },
      },
    };
    expect(filterNodes(pluginFor(nodes), pod('web-2', { labels: { app: 'web-store' }, spec }), nodes)).toEqual({ n1: ANTI, n2: 'Success', n3: AFFINITY });
  });

  it("respects existing pods' anti-affinity even when the new pod has no terms", () => {
    const loner = placed('loner', 'n1', { app: 'db' }, { spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, HOST)] } } } });
    const nodes = [node('n1', { pods: [loner] }), node('n2')];
    expect(filterNodes(pluginFor(nodes), pod('web', { labels: { app: 'web' } }), nodes)).toEqual({ n1: EXISTING, n2: 'Success' });
    expect(filterNodes(pluginFor(nodes), pod('other', { labels: { app: 'cache' } }), nodes)).toEqual({ n1: 'Success', n2: 'Success' });
  });

  it('lets the first pod of a group that attracts itself go anywhere with the topology label', () => {
    const nodes = [node('n1', { labels: { [ZONE]: 'a' } }), node('n2')];
    const spec = { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'group' }, ZONE)] } } };
    expect(filterNodes(pluginFor(nodes), pod('first', { labels: { app: 'group' }, spec }), nodes)).toEqual({ n1: 'Success', n2: AFFINITY });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["the pod's own namespace by default", {}, 'Success'],
    ['named namespaces', { namespaces: ['other'] }, ANTI],
    ['a namespaceSelector on namespace labels', { namespaceSelector: { matchLabels: { team: 'b' } } }, ANTI],
    ['an empty namespaceSelector selects every namespace', { namespaceSelector: {} }, ANTI],
  ])('anti-affinity terms look in %s', (_name, extra, expected) => {
    const nodes = [node('n1', { pods: [placed('x', 'n1', { app: 'x' }, { namespace: 'other' })] })];
    const spec = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'x' }, HOST, extra)] } } };
    expect(filterNodes(pluginFor(nodes), pod('p', { spec }), nodes)).toEqual({ n1: expected });
  });

  it('is skipped when neither the pod nor any existing pod has required terms', () => {
    const nodes = [node('n1', { pods: [placed('x', 'n1', { app: 'x' })] })];
    expect(pluginFor(nodes).preFilter(new CycleState(), pod('p'), nodes).code).toBe('Skip');
  });
});

describe('InterPodAffinity score', () => {
  it('prefers zones with pods it likes and avoids zones with pods it dislikes, scaled to 0..100', () => {
    const nodes = [
      node('a1', { labels: { [ZONE]: 'a' }, pods: [placed('s1', 'a1', { security: 'S1' })] }),
      node('b1', { labels: { [ZONE]: 'b' }, pods: [placed('s2', 'b1', { security: 'S2' })] }),
      node('c1', { labels: { [ZONE]: 'c' } }),
    ];
    const spec = {
      affinity: {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term({ security: 'S1' }, ZONE) }] },
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term({ security: 'S2' }, ZONE) }] },
      },
    };
    expect(scoreNodes(pluginFor(nodes), pod('p', { spec }), nodes)).toEqual({ a1: 100, b1: 0, c1: 33 });
  });

  it("counts existing pods' required affinity for the incoming pod at weight 1", () => {
    const fan = placed('fan', 'n1', { app: 'fan' }, { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'star' }, HOST)] } } } });
    const nodes = [node('n1', { pods: [fan] }), node('n2')];
    expect(scoreNodes(pluginFor(nodes), pod('star', { labels: { app: 'star' } }), nodes)).toEqual({ n1: 100, n2: 0 });
  });

  it('is skipped when no pod has affinity terms', () => {
    const nodes = [node('n1', { pods: [placed('x', 'n1', { app: 'x' })] })];
    expect(scoreNodes(pluginFor(nodes), pod('p'), nodes)).toBeUndefined();
  });
});
