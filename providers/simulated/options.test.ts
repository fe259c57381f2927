import { describe, expect, it } from 'vitest';
import { validateWithSchema } from '../../core/kernel/standard-schema.ts';
import { defaultInstanceTypeName, poolSettings, simulatedOptionsSchema } from './options.ts';

async function errorsOf(options: unknown): Promise<string[]> {
  const result = await validateWithSchema(simulatedOptionsSchema, options, 'nodePools[0].options');
  return result.ok ? [] : result.errors;
}

describe('simulated pool options', () => {
  it('fills kubelet-like defaults for an empty options object', () => {
    const options = simulatedOptionsSchema.parse({});
    expect(options).toEqual({
      count: 1,
      capacity: { cpu: '4', memory: '32Gi', pods: 110, 'ephemeral-storage': '100Gi' },
      labels: {},
      taints: [],
      podStartupMs: 0,
      heartbeatSeconds: 10,
      zones: ['sim-a'],
      pricePerHour: 0,
    });
  });

  it("accepts the issue's example and numbers for quantities", () => {
    const options = simulatedOptionsSchema.parse({ count: 3, capacity: { cpu: 4, memory: '32Gi', pods: 110 }, podStartupMs: 0 });
    expect(options.capacity.cpu).toBe('4');
    expect(options.count).toBe(3);
  });

  it.each([
    ['a negative count', { count: -1 }, 'nodePools[0].options.count: Too small'],
    ['a count that is not whole', { count: 1.5 }, 'nodePools[0].options.count:'],
    ['a cpu that is no quantity', { capacity: { cpu: 'four' } }, 'nodePools[0].options.capacity.cpu: invalid quantity "four"'],
    ['a zero memory', { capacity: { memory: '0' } }, 'nodePools[0].options.capacity.memory: must be greater than 0'],
    ['more pods than a /24 holds', { capacity: { pods: 300 } }, 'nodePools[0].options.capacity.pods: Too big'],
    ['an unknown option', { cont: 3 }, 'nodePools[0].options: Unrecognized key: "cont"'],
    ['a bad label key', { labels: { 'bad key': 'x' } }, 'nodePools[0].options.labels.bad key: invalid label key'],
    ['a bad label value', { labels: { tier: 'not ok' } }, 'nodePools[0].options.labels.tier: invalid label value "not ok"'],
    ['a taint without effect', { taints: [{ key: 'gpu' }] }, 'nodePools[0].options.taints[0].effect:'],
    ['an unknown taint effect', { taints: [{ key: 'gpu', effect: 'Sometimes' }] }, 'nodePools[0].options.taints[0].effect:'],
    ['a zero heartbeat', { heartbeatSeconds: 0 }, 'nodePools[0].options.heartbeatSeconds: Too small'],
    ['no zones', { zones: [] }, 'nodePools[0].options.zones: Too small'],
  ])('rejects %s, naming the YAML path', async (_name, options, expected) => {
    const errors = await errorsOf(options);
    expect(errors.some((e) => e.startsWith(expected)), errors.join('\n')).toBe(true);
  });

  it('derives the instance type from the capacity', () => {
    const settings = poolSettings('sim', simulatedOptionsSchema.parse({ capacity: { cpu: '500m', memory: '1.5Gi', pods: 20 }, zones: ['a', 'b'] }));
    expect(settings.instanceType).toEqual({
      name: 'sim-500mcpu-1.5gi',
      cpuMillis: 500,
      memoryBytes: 1.5 * 2 ** 30,
      pods: 20,
      arch: 'amd64',
      zones: ['a', 'b'],
      capacityType: 'on-demand',
      pricePerHour: 0,
    });
  });

  it.each([
    ['4', '32Gi', 'sim-4cpu-32gi'],
    ['2500m', '512Mi', 'sim-2500mcpu-512mi'],
    ['1e3', '1E', 'sim-1e3cpu-1e'],
  ])('names cpu %s and memory %s as %s', (cpu, memory, name) => {
    expect(defaultInstanceTypeName(cpu, memory)).toBe(name);
  });

  it('keeps a taint value only when given', () => {
    const settings = poolSettings('sim', simulatedOptionsSchema.parse({ taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', value: 'x', effect: 'NoExecute' }] }));
    expect(settings.taints).toEqual([
      { key: 'a', effect: 'NoSchedule' },
      { key: 'b', value: 'x', effect: 'NoExecute' },
    ]);
  });
});
