import type { InstanceType } from '../../../contracts/node-provider.ts';
import type { PodInfo } from '../../../contracts/scheduling.ts';
import { pod } from '../../scheduler/plugins/test-fixtures.ts';
import { createPlanningFramework } from './planning-framework.ts';
import { planProvisioning } from './plan.ts';
import type { LaunchingNode, PoolInput, ProvisioningInput, ProvisioningPlan } from './types.ts';

export { node, pod } from '../../scheduler/plugins/test-fixtures.ts';

const GI = 2 ** 30;
export const ZONE = 'topology.kubernetes.io/zone';
export const HOSTNAME = 'kubernetes.io/hostname';

/** A type of `cpus` cores and 4 GiB per core, 110 pods, $0.05 per core-hour, in zones a, b and c. */
export function instanceType(name: string, cpus: number, overrides: Partial<InstanceType> = {}): InstanceType {
  return { name, cpuMillis: cpus * 1000, memoryBytes: cpus * 4 * GI, pods: 110, arch: 'amd64', zones: ['a', 'b', 'c'], capacityType: 'on-demand', pricePerHour: cpus * 0.05, ...overrides };
}

/** small.1, medium.2, large.4, xlarge.8 */
export const CATALOG: readonly InstanceType[] = [instanceType('small.1', 1), instanceType('medium.2', 2), instanceType('large.4', 4), instanceType('xlarge.8', 8)];

export function pool(name: string, overrides: Partial<PoolInput> = {}): PoolInput {
  return { name, weight: 0, requirements: [], labels: {}, taints: [], limits: {}, usage: { nodes: 0, cpuMillis: 0, memoryBytes: 0 }, instanceTypes: CATALOG, ...overrides };
}

/** a pending pod requesting `cpu` (and 1Gi unless given), with `spec` merged into its spec */
export function pending(name: string, cpu: string, options: { memory?: string; labels?: Record<string, string>; spec?: Record<string, unknown> } = {}): PodInfo {
  return pod(name, { requests: { cpu, memory: options.memory ?? '1Gi' }, ...(options.labels === undefined ? {} : { labels: options.labels }), ...(options.spec === undefined ? {} : { spec: options.spec }) });
}

export function launching(name: string, types: readonly InstanceType[], pods: readonly PodInfo[], extra: Partial<LaunchingNode> = {}): LaunchingNode {
  return { name, pool: 'default', instanceTypes: types, pods, ...extra };
}

/** plans with a fresh planning framework; pools default to one "default" pool over CATALOG */
export function plan(input: Partial<Omit<ProvisioningInput, 'framework'>>): ProvisioningPlan {
  return planProvisioning({ pods: [], nodes: [], launching: [], pools: [pool('default')], framework: createPlanningFramework(), ...input });
}

export const zoneSpread = (app: string) => ({
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } }],
});

export const hostnameAntiAffinity = (app: string) => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: HOSTNAME, labelSelector: { matchLabels: { app } } }] } },
});

export const affinityTo = (app: string, topologyKey: string) => ({
  affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey, labelSelector: { matchLabels: { app } } }] } },
});

/** what a plan decided, by pod name, for compact assertions */
export function summary(result: ProvisioningPlan): {
  existing: Record<string, string>;
  launching: Record<string, string>;
  nodes: { pool: string; zone: string; type: string | undefined; pods: string[] }[];
  unschedulable: Record<string, string>;
} {
  return {
    existing: Object.fromEntries(result.existing.map((e) => [e.pod.name, e.nodeName])),
    launching: Object.fromEntries(result.launching.map((e) => [e.pod.name, e.claimName])),
    nodes: result.newNodes.map((n) => ({ pool: n.pool, zone: n.zone, type: n.instanceTypes[0]?.name, pods: n.pods.map((p) => p.name).sort() })),
    unschedulable: Object.fromEntries(result.unschedulable.map((u) => [u.pod.name, u.reason])),
  };
}
