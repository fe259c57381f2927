import { describe, expect, it } from 'vitest';
import { GiB, nodeInfo, podInfo, register as registerPlugin, scores } from '../../test/fixtures/scheduling-strategy.ts';
import plugin, { binpackOptions } from './index.ts';

const register = (options: unknown): ReturnType<typeof registerPlugin> => registerPlugin(plugin, binpackOptions, options);

describe('scheduling/binpack', () => {
  it('is named for kubernel.yaml and validates its options', async () => {
    expect(plugin.name).toBe('scheduling/binpack');
    expect((await binpackOptions['~standard'].validate({})).issues).toBeUndefined();
    expect((await binpackOptions['~standard'].validate({ weight: 0 })).issues).toHaveLength(1);
    expect((await binpackOptions['~standard'].validate({ strategy: 'x' })).issues).toHaveLength(1);
    expect((await binpackOptions['~standard'].validate({ resources: { cpu: 1.5 } })).issues).toHaveLength(1);
  });

  it('contributes a MostAllocated scorer with its weight (1 by default)', async () => {
    const [defaults] = await register({});
    expect(defaults).toMatchObject({ weight: 1, plugin: { name: 'NodeResourcesMostAllocated' } });
    const [weighted] = await register({ weight: 5 });
    expect(weighted?.weight).toBe(5);
  });

  it.each<[string, Record<string, number>, number[]]>([
    // empty: cpu 500/4000 → 12, memory 1/16 → 6; half-full: cpu 2500/4000 → 62, memory 9/16 → 56
    ['cpu and memory alike (default)', { cpu: 1, memory: 1 }, [9, 59]],
    ['cpu only', { cpu: 1 }, [12, 62]],
  ])('prefers the fuller node: %s', async (_name, resources, expected) => {
    const [contribution] = await register({ resources });
    expect(scores(contribution, podInfo(500, GiB), [nodeInfo('empty', 0, 0), nodeInfo('half', 2000, 8 * GiB)])).toEqual(expected);
  });
});
