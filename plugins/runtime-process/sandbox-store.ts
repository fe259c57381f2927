import { randomBytes } from 'node:crypto';
import { RuntimeLabels, type PodSandbox, type PodSandboxSpec } from '../../core/index.ts';
import { dateOfNs } from './container-status.ts';
import type { SandboxRecord } from './records.ts';
import type { StateDir } from './state-dir.ts';

/**
 * A process runtime's pod sandbox is only a record: there is no network
 * namespace to hold, so every pod has the host's loopback address.
 */
export const SANDBOX_IP = '127.0.0.1';

export class SandboxStore {
  constructor(
    private readonly dir: StateDir,
    private readonly nodeName: string,
    private readonly nextCreatedNs: () => bigint,
  ) {}

  async run(spec: PodSandboxSpec): Promise<PodSandbox> {
    const record: SandboxRecord = {
      id: randomBytes(32).toString('hex'),
      podUid: spec.podUid,
      namespace: spec.namespace,
      name: spec.name,
      hostname: spec.hostname,
      labels: {
        ...spec.labels,
        [RuntimeLabels.node]: this.nodeName,
        [RuntimeLabels.podUid]: spec.podUid,
        [RuntimeLabels.podNamespace]: spec.namespace,
        [RuntimeLabels.podName]: spec.name,
        [RuntimeLabels.type]: 'podsandbox',
      },
      createdAtNs: String(this.nextCreatedNs()),
      state: 'ready',
    };
    await this.dir.writeSandbox(record);
    return sandboxOf(record);
  }

  /** a sandbox of this node; undefined when missing or another node's */
  async get(id: string): Promise<SandboxRecord | undefined> {
    if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
    const record = await this.dir.readSandbox(id);
    return record?.labels[RuntimeLabels.node] === this.nodeName ? record : undefined;
  }

  /** newest first, as crictl pods shows them */
  async list(): Promise<PodSandbox[]> {
    const records = await Promise.all((await this.dir.sandboxIds()).map((id) => this.get(id)));
    return records
      .filter((record): record is SandboxRecord => record !== undefined)
      .sort((a, b) => compareNsDescending(a.createdAtNs, b.createdAtNs))
      .map(sandboxOf);
  }

  async markNotReady(id: string): Promise<void> {
    const record = await this.get(id);
    if (record !== undefined && record.state !== 'notready') await this.dir.writeSandbox({ ...record, state: 'notready' });
  }

  async remove(id: string): Promise<void> {
    if ((await this.get(id)) !== undefined) await this.dir.removeSandbox(id);
  }
}

function sandboxOf(record: SandboxRecord): PodSandbox {
  return {
    id: record.id,
    podUid: record.podUid,
    namespace: record.namespace,
    name: record.name,
    state: record.state,
    ip: SANDBOX_IP,
    createdAt: dateOfNs(record.createdAtNs),
    labels: { ...record.labels },
  };
}

export function compareNsDescending(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x > y ? -1 : 1;
}
