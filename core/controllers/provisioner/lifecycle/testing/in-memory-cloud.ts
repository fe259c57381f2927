import { z } from 'zod';
import { isApiError } from '../../../../api/errors.ts';
import { isRecord, type KubeObject } from '../../../../api/types/meta.ts';
import type { ApiClient } from '../../../../client/api-client.ts';
import { Resources } from '../../../../client/resources.ts';
import {
  CapacityExhaustedError,
  InstanceNotFoundError,
  type InstanceType,
  type NodeClaimSpec,
  type NodeInstance,
  type NodeProvider,
  type NodeProviderFactory,
} from '../../../../contracts/node-provider.ts';

export const CLOUD_PROVIDER = 'in-memory-cloud';

const GiB = 2 ** 30;

export const CLOUD_CATALOG: InstanceType[] = [
  { name: 'm6i.large', cpuMillis: 2000, memoryBytes: 8 * GiB, pods: 29, arch: 'amd64', zones: ['us-east-1a'], capacityType: 'on-demand', pricePerHour: 0.096 },
  { name: 'm6i.xlarge', cpuMillis: 4000, memoryBytes: 16 * GiB, pods: 58, arch: 'amd64', zones: ['us-east-1a', 'us-east-1b'], capacityType: 'on-demand', pricePerHour: 0.192 },
];

/** What a launch asked for, as the cloud recorded it. */
export interface CloudMachine extends NodeInstance {
  spec: NodeClaimSpec | undefined;
}

/**
 * A test double of an infrastructure: machines are records in memory, and a
 * machine "boots" by writing its Node through the API the way an agent
 * joining with its bootstrap token would (NotReady first, Ready a moment
 * later). It also plays the kubelets of its nodes: a pod marked for deletion
 * on one of them is removed, as a kubelet confirms a graceful delete.
 */
export class InMemoryCloud {
  readonly machines = new Map<string, CloudMachine>();
  /** `type/zone` pairs without capacity */
  readonly exhausted = new Set<string>();
  /** claims whose machine never joins */
  readonly neverJoin = new Set<string>();
  readonly creates: NodeClaimSpec[] = [];
  /** false: pods marked for deletion stay Terminating */
  kubeletsRunning = true;
  private sequence = 0;
  private kubelet: NodeJS.Timeout | undefined;

  constructor(private readonly client: ApiClient) {}

  factory(): NodeProviderFactory<{ zonesDown?: string[] }> {
    return {
      name: CLOUD_PROVIDER,
      optionsSchema: z.object({ zonesDown: z.array(z.string()).optional() }).strict(),
      create: () => this.provider(),
    };
  }

  /** a machine launched outside the controllers (a crash after create, a leak) */
  inject(claim: string, ageMs: number): CloudMachine {
    const machine = this.record(undefined, `injected-${claim}`, 'm6i.large', 'us-east-1a', claim, new Date(Date.now() - ageMs));
    return machine;
  }

  startKubelets(intervalMs = 50): void {
    this.kubelet = setInterval(() => void this.confirmPodDeletions().catch(() => undefined), intervalMs);
  }

  stop(): void {
    clearInterval(this.kubelet);
  }

  private provider(): NodeProvider {
    return {
      name: CLOUD_PROVIDER,
      capabilities: { registersNodes: false, maxConcurrentCreates: 8, capacityTypes: ['on-demand'] },
      instanceTypes: () => CLOUD_CATALOG,
      create: (spec) => this.create(spec),
      delete: (providerId) => {
        if (!this.machines.delete(providerId)) return Promise.reject(new InstanceNotFoundError(providerId));
        return Promise.resolve();
      },
      list: () => Promise.resolve([...this.machines.values()]),
    };
  }

  private async create(spec: NodeClaimSpec): Promise<{ providerId: string; nodeName: string }> {
    this.creates.push(spec);
    const type = spec.instanceType ?? CLOUD_CATALOG[0]?.name ?? '';
    const zone = spec.zone ?? 'us-east-1a';
    if (this.exhausted.has(`${type}/${zone}`)) throw new CapacityExhaustedError(type, zone);
    const nodeName = `ip-10-0-0-${++this.sequence}`;
    const machine = this.record(spec, nodeName, type, zone, spec.name, new Date());
    if (!this.neverJoin.has(spec.name)) void this.boot(machine).catch(() => undefined);
    return { providerId: machine.providerId, nodeName };
  }

  private record(spec: NodeClaimSpec | undefined, nodeName: string, instanceType: string, zone: string, claim: string, createdAt: Date): CloudMachine {
    const machine: CloudMachine = { providerId: `cloud:///${zone}/${nodeName}`, nodeName, pool: spec?.pool ?? '', instanceType, zone, capacityType: 'on-demand', createdAt, claim, spec };
    this.machines.set(machine.providerId, machine);
    return machine;
  }

  /** the agent joins NotReady, then reports Ready */
  private async boot(machine: CloudMachine): Promise<void> {
    const resources = { cpu: '2', memory: '8Gi', pods: '29' };
    const node = await this.client.create(Resources.nodes, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: machine.nodeName, labels: { ...machine.spec?.labels, 'kubernetes.io/hostname': machine.nodeName } },
      spec: { providerID: machine.providerId, taints: machine.spec?.taints ?? [] },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = new Date().toISOString();
    const conditions = [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }];
    await this.client.update(Resources.nodes, { ...node, status: { capacity: resources, allocatable: resources, conditions } }, { subresource: 'status' });
  }

  private async confirmPodDeletions(): Promise<void> {
    if (!this.kubeletsRunning) return;
    const nodes = new Set([...this.machines.values()].map((m) => m.nodeName));
    const pods = await this.client.list(Resources.pods, undefined);
    for (const pod of pods.items) {
      if (pod.metadata.deletionTimestamp === undefined || !nodes.has(nodeNameOf(pod))) continue;
      try {
        await this.client.delete(Resources.pods, pod.metadata.namespace, pod.metadata.name ?? '', { gracePeriodSeconds: 0 });
      } catch (error) {
        if (!isApiError(error, 'NotFound')) throw error;
      }
    }
  }
}

function nodeNameOf(pod: KubeObject): string {
  const nodeName = isRecord(pod['spec']) ? pod['spec']['nodeName'] : undefined;
  return typeof nodeName === 'string' ? nodeName : '';
}
