import { describe, expect, it } from 'vitest';
import { GiB, nodeInfo, podInfo, register as registerPlugin, scores } from '../../test/fixtures/scheduling-strategy.ts';
import plugin, { spreadOptions } from './index.ts';

const register = (options: unknown): ReturnType<typeof registerPlugin> => registerPlugin(plugin, spreadOptions, options);

describe('scheduling/spread', () => {
  it('is named for kubernel.yaml and validates its options', async () => {
    expect(plugin.name).toBe('scheduling/spread');
    expect((await spreadOptions['~standard'].validate({})).issues).toBeUndefined();
    expect((await spreadOptions['~standard'].validate({ weight: 0 })).issues).toHaveLength(1);
    expect((await spreadOptions['~standard'].validate({ strategy: 'x' })).issues).toHaveLength(1);
    expect((await spreadOptions['~standard'].validate({ resources: { cpu: 1.5 } })).issues).toHaveLength(1);
  });

  it('contributes a LeastAllocated scorer with its weight (1 by default)', async () => {
    const [defaults] = await register({});
    expect(defaults).toMatchObject({ weight: 1, plugin: { name: 'NodeResourcesLeastAllocated' } });
    const [weighted] = await register({ weight: 5 });
    expect(weighted?.weight).toBe(5);
  });

  it.each<[string, Record<string, number>, number[]]>([
    // empty: cpu free 3500/4000 → 87, memory 15/16 → 93; half-full: cpu 1500/4000 → 37, memory 7/16 → 43
    ['cpu and memory alike (default)', { cpu: 1, memory: 1 }, [90, 40]],
    ['memory weighted 3 to 1', { cpu: 1, memory: 3 }, [91, 41]],
  ])('prefers the emptier node: %s', async (_name, resources, expected) => {
    const [contribution] = await register({ resources });
    expect(scores(contribution, podInfo(500, GiB), [nodeInfo('empty', 0, 0), nodeInfo('half', 2000, 8 * GiB)])).toEqual(expected);
  });
});
