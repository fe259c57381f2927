import { describe, expect, it } from 'vitest';
import { CycleState } from '../../core/index.ts';
import { GiB, nodeInfo, podInfo, register as registerPlugin, scorerOf, scores } from '../../test/fixtures/scheduling-strategy.ts';
import plugin, { balancedOptions } from './index.ts';

const register = (options: unknown): ReturnType<typeof registerPlugin> => registerPlugin(plugin, balancedOptions, options);

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
