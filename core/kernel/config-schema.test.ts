import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';
import { KernelError } from './errors.ts';

async function configError(text: string): Promise<KernelError> {
  try {
    await parseConfig(text, 'kubernel.yaml');
  } catch (error) {
    if (error instanceof KernelError) return error;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

const pool = (extra: string): string => `nodePools:\n  - name: general\n    provider: simulated\n${extra}`;

describe('kubernel.yaml nodePools', () => {
  it('keeps the keys pools had before (name, provider, options, min, max)', async () => {
    const config = await parseConfig(pool('    options:\n      count: 2\n    min: 1\n    max: 5\n'));
    expect(config.nodePools).toEqual([{ name: 'general', provider: 'simulated', options: { count: 2 }, min: 1, max: 5 }]);
  });

  it('reads the NodePool spec fields a pool may set', async () => {
    const config = await parseConfig(
      pool(
        [
          '    labels:',
          '      team: web',
          '    requirements:',
          '      - key: node.kubernetes.io/instance-type',
          '        operator: In',
          '        values: [m6i.large, m6i.xlarge]',
          '    taints:',
          '      - key: dedicated',
          '        value: web',
          '        effect: NoSchedule',
          '    limits:',
          '      cpu: 100',
          '      memory: 400Gi',
          '    weight: 10',
          '    disruption:',
          '      consolidationPolicy: WhenEmpty',
          '      consolidateAfter: 5m',
          '      budgets:',
          '        - nodes: "20%"',
          '',
        ].join('\n'),
      ),
    );
    expect(config.nodePools[0]).toEqual({
      name: 'general',
      provider: 'simulated',
      labels: { team: 'web' },
      requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.large', 'm6i.xlarge'] }],
      taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }],
      // a bare YAML number becomes Kubernetes quantity text
      limits: { cpu: '100', memory: '400Gi' },
      weight: 10,
      disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '5m', budgets: [{ nodes: '20%' }] },
    });
  });

  it.each([
    ['an unknown operator', '    requirements:\n      - key: a\n        operator: Like\n', /nodePools\[0\]\.requirements\[0\]\.operator/],
    ['an unknown taint effect', '    taints:\n      - key: a\n        effect: Sometimes\n', /nodePools\[0\]\.taints\[0\]\.effect/],
    ['a limit that is no quantity', '    limits:\n      cpu: lots\n', /nodePools\[0\]\.limits\.cpu: quantities must match/],
    ['a weight above 100', '    weight: 101\n', /nodePools\[0\]\.weight/],
    ['a consolidateAfter that is no duration', '    disruption:\n      consolidateAfter: soon\n', /nodePools\[0\]\.disruption\.consolidateAfter: must be a duration/],
    ['a budget that is no count', '    disruption:\n      budgets:\n        - nodes: half\n', /nodePools\[0\]\.disruption\.budgets\[0\]\.nodes/],
    ['a misspelt key', '    lables:\n      a: b\n', /nodePools\[0\].*lables/],
  ])('refuses %s naming its path', async (_what, extra, message) => {
    const error = await configError(pool(extra));
    expect(error.code).toBe('KERNEL_ERR_CONFIG_INVALID');
    expect(error.message).toMatch(message);
  });
});
