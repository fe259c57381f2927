import { z } from 'zod';
import { isQualifiedName, isValidLabelValue, Quantity, type InstanceType, type NodeTaint } from '../../core/index.ts';

/**
 * `nodePools[].options` of a simulated pool. Defaults follow kubelet's
 * (110 pods, a 10 s lease renewal, i.e. a 40 s lease) and the benchmarks'
 * node shape (4 CPU, 32 Gi).
 */

/** Each node's pods take addresses from its own /24. */
const MAX_PODS_PER_NODE = 250;

const quantity = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = String(value);
  try {
    const parsed = Quantity.parse(text);
    if (parsed.sign() <= 0) ctx.addIssue({ code: 'custom', message: `must be greater than 0, got "${text}"` });
  } catch {
    ctx.addIssue({ code: 'custom', message: `invalid quantity "${text}"` });
  }
  return text;
});

const labelKey = z.string().superRefine((key, ctx) => {
  for (const message of isQualifiedName(key)) ctx.addIssue({ code: 'custom', message: `invalid label key "${key}": ${message}` });
});

const labelValue = z.string().superRefine((value, ctx) => {
  for (const message of isValidLabelValue(value)) ctx.addIssue({ code: 'custom', message: `invalid label value "${value}": ${message}` });
});

const taint = z
  .object({
    key: labelKey,
    value: labelValue.optional(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
  })
  .strict();

export const simulatedOptionsSchema = z
  .object({
    /** nodes the pool has from the start */
    count: z.number().int().min(0).max(100_000).default(1),
    capacity: z
      .object({
        cpu: quantity.default('4'),
        memory: quantity.default('32Gi'),
        pods: z.number().int().min(1).max(MAX_PODS_PER_NODE).default(110),
        'ephemeral-storage': quantity.default('100Gi'),
      })
      .strict()
      .default({ cpu: '4', memory: '32Gi', pods: 110, 'ephemeral-storage': '100Gi' }),
    /** extra node labels; they win over the well-known ones the node gets anyway */
    labels: z
      .record(z.string(), labelValue)
      .superRefine((labels, ctx) => {
        // Checked here rather than as the record's key schema so that the message names the key itself.
        for (const key of Object.keys(labels)) {
          for (const message of isQualifiedName(key)) ctx.addIssue({ code: 'custom', path: [key], message: `invalid label key "${key}": ${message}` });
        }
      })
      .default({}),
    taints: z.array(taint).default([]),
    /** a started pod turns Ready this long after it runs, as if a readiness probe passed then */
    podStartupMs: z.number().int().min(0).max(3_600_000).default(0),
    /** how often each node renews its Lease in kube-node-lease (kubelet: 10 s); the lease lasts 4 times as long */
    heartbeatSeconds: z.number().int().min(1).max(3600).default(10),
    /** nodes go round-robin over these zones (`topology.kubernetes.io/zone`) */
    zones: z.array(labelValue.pipe(z.string().min(1))).min(1).default(['sim-a']),
    /** `node.kubernetes.io/instance-type`; by default named after the capacity */
    instanceType: labelValue.pipe(z.string().min(1)).optional(),
    pricePerHour: z.number().min(0).default(0),
  })
  .strict();

export type SimulatedOptions = z.output<typeof simulatedOptionsSchema>;

/** What every node of one pool shares, computed once from the options. */
export interface PoolSettings {
  pool: string;
  options: SimulatedOptions;
  instanceType: InstanceType;
  taints: NodeTaint[];
}

export function poolSettings(pool: string, options: SimulatedOptions): PoolSettings {
  const { cpu, memory, pods } = options.capacity;
  const instanceType: InstanceType = {
    name: options.instanceType ?? defaultInstanceTypeName(cpu, memory),
    cpuMillis: Number(Quantity.parse(cpu).milliValue()),
    memoryBytes: Number(Quantity.parse(memory).value()),
    pods,
    arch: 'amd64',
    zones: options.zones,
    capacityType: 'on-demand',
    pricePerHour: options.pricePerHour,
  };
  const taints = options.taints.map((t): NodeTaint => (t.value === undefined ? { key: t.key, effect: t.effect } : { key: t.key, value: t.value, effect: t.effect }));
  return { pool, options, instanceType, taints };
}

/** `sim-4cpu-32gi`: a valid label value that says what the node holds. */
export function defaultInstanceTypeName(cpu: string, memory: string): string {
  const name = `sim-${cpu}cpu-${memory}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  return name.slice(0, 63).replace(/[^a-z0-9]+$/, '');
}
