import { LoopbackAddresses as HostLoopbackAddresses, runIp, type IpCommand } from '../../core/index.ts';

export type { IpCommand };

export type AddResult = 'added' | 'present' | 'unavailable';

/**
 * The ClusterIPs this proxy put on `lo`, so that a host process can listen
 * on them. The first failure other than "already there" (not root:
 * "Operation not permitted") turns the whole thing off: the caller says so
 * once and serves NodePorts only.
 */
export class LoopbackAddresses {
  private readonly host: HostLoopbackAddresses;
  private failure: string | undefined;

  constructor(ip: IpCommand = runIp, present?: (address: string) => boolean) {
    this.host = new HostLoopbackAddresses(ip, present);
  }

  /** why ClusterIPs cannot be added, once one add failed */
  get unavailableReason(): string | undefined {
    return this.failure;
  }

  async add(address: string): Promise<AddResult> {
    if (this.failure !== undefined) return 'unavailable';
    if (this.host.has(address)) return 'added';
    const result = await this.host.ensure(address);
    if (!result.ok) {
      this.failure = result.reason;
      return 'unavailable';
    }
    return result.added ? 'added' : 'present';
  }

  remove(address: string): Promise<void> {
    return this.host.remove(address);
  }

  async removeAll(): Promise<void> {
    await this.host.removeAll();
  }

  has(address: string): boolean {
    return this.host.has(address);
  }
}
