import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { CycleState, type NodeInfo, type PodInfo, type PreScorePlugin, type ResourceAmounts, type SchedulingPluginContribution, type ScorePlugin } from '../../core/index.ts';
import plugin, { balancedOptions } from './index.ts';

const amounts = (milliCPU: number, memory: number): ResourceAmounts => ({ milliCPU, memory, ephemeralStorage: 0, allowedPodNumber: 110, scalar: new Map() });
const GiB = 2 ** 30;

function nodeInfo(name: string, usedCpu: number, usedMemory: number): NodeInfo {
  const used = amounts(usedCpu, usedMemory);
  return {
    name,
    node: { metadata: { name } },
    labels: {},
    taints: [],
    unschedulable: false,
    allocatable: amounts(4000, 16 * GiB),
    requested: used,
    nonZeroRequested: used,
    pods: [],
    podsWithAffinity: [],
    podsWithRequiredAntiAffinity: [],
    usedPorts: { conflicts: () => false },
    generation: 0,
  };
}

function podInfo(milliCPU: number, memory: number): PodInfo {
  return {
    pod: { metadata: { name: 'p', namespace: 'default' } },
    key: 'default/p',
    uid: 'u',
    namespace: 'default',
    name: 'p',
    labels: {},
    priority: 0,
    nodeName: '',
    terminating: false,
    requests: amounts(milliCPU, memory),
    nonZeroRequests: amounts(milliCPU, memory),
    hostPorts: [],
    tolerations: [],
    nodeSelector: undefined,
    requiredNodeAffinity: undefined,
    preferredNodeAffinity: [],
    requiredAffinityTerms: [],
    requiredAntiAffinityTerms: [],
    preferredAffinityTerms: [],
    preferredAntiAffinityTerms: [],
    topologySpreadConstraints: [],
  };
}

async function register(options: unknown): Promise<SchedulingPluginContribution[]> {
  const parsed = await balancedOptions['~standard'].validate(options);
  if (parsed.issues !== undefined) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  const contributed: SchedulingPluginContribution[] = [];
  await plugin.register(
    { contribute: (_point, value) => void contributed.push(value as SchedulingPluginContribution), onStart: () => undefined, onStop: () => undefined },
    { options: parsed.value, deps: {}, logger: pino({ level: 'silent' }) },
  );
  return contributed;
}

function scorerOf(contribution: SchedulingPluginContribution | undefined): PreScorePlugin & ScorePlugin {
  const scorer = contribution?.plugin;
  if (scorer === undefined || !('score' in scorer) || !('preScore' in scorer)) throw new Error('the plugin contributed no scorer');
  return scorer as PreScorePlugin & ScorePlugin;
}

function scores(contribution: SchedulingPluginContribution | undefined, pod: PodInfo, nodes: NodeInfo[]): number[] {
  const scorer = scorerOf(contribution);
  const state = new CycleState();
  scorer.preScore(state, pod, nodes);
  return nodes.map((n) => scorer.score(state, pod, n));
}

describe('scheduling/balanced', () => {
  it('is named for kubernel.yaml and validates its options', async () => {
    expect(plugin.name).toBe('scheduling/balanced');
    expect((await balancedOptions['~standard'].validate({})).issues).toBeUndefined();
    expect((await balancedOptions['~standard'].validate({ weight: 0 })).issues).toHaveLength(1);
    expect((await balancedOptions['~standard'].validate({ strategy: 'x' })).issues).toHaveLength(1);
    expect((await balancedOptions['~standard'].validate({ resources: { cpu: 1.5 } })).issues).toHaveLength(1);
  });

  it('contributes a BalancedAllocation scorer with its weight (1 by default)', async () => {
    const [defaults] = await register({});
    expect(defaults).toMatchObject({ weight: 1, plugin: { name: 'NodeResourcesBalancedAllocation' } });
    const [weighted] = await register({ weight: 5 });
    expect(weighted?.weight).toBe(5);
  });

  it('prefers the node whose cpu and memory would be used evenly', async () => {
    const [contribution] = await register({});
    // cpu-heavy: cpu 3000/4000 = 0.75, memory 1/16 → std 0.34 → 65; even: cpu 0.5, memory 8/16 = 0.5 → 100
    expect(scores(contribution, podInfo(1000, GiB), [nodeInfo('cpu-heavy', 2000, 0), nodeInfo('even', 1000, 7 * GiB)])).toEqual([65, 100]);
  });

  it('leaves pods that request nothing to the other scores', async () => {
    const [contribution] = await register({});
    expect(scorerOf(contribution).preScore(new CycleState(), podInfo(0, 0), []).code).toBe('Skip');
  });
});
