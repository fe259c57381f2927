import { execFile } from 'node:child_process';
import { isIPv6 } from 'node:net';

/** Runs `ip` with these arguments; rejects with its stderr. Replaceable in tests. */
export type IpCommand = (args: readonly string[]) => Promise<void>;

export const runIp: IpCommand = (args) =>
  new Promise((resolve, reject) => {
    execFile('ip', [...args], { timeout: 10_000 }, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else reject(new Error(String(stderr).trim() || error.message));
    });
  });

export type AddResult = 'added' | 'present' | 'unavailable';

/**
 * The ClusterIPs this proxy put on `lo`, so that a host process can listen
 * on them (what kube-proxy's IPVS mode does with its kube-ipvs0 device).
 * An address that was already there (another proxy on this host, or the
 * operator) is used but never removed. The first failure of another kind
 * (not root: "Operation not permitted") turns the whole thing off: the
 * caller says so once and serves NodePorts only.
 */
export class LoopbackAddresses {
  private readonly owned = new Set<string>();
  private failure: string | undefined;

  constructor(private readonly ip: IpCommand = runIp) {}

  /** why ClusterIPs cannot be added, once one add failed */
  get unavailableReason(): string | undefined {
    return this.failure;
  }

  async add(address: string): Promise<AddResult> {
    if (this.failure !== undefined) return 'unavailable';
    if (this.owned.has(address)) return 'added';
    try {
      await this.ip(['addr', 'add', prefixOf(address), 'dev', 'lo']);
      this.owned.add(address);
      return 'added';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/File exists|already assigned/i.test(message)) return 'present';
      this.failure = message;
      return 'unavailable';
    }
  }

  /** removes an address this proxy added; others are left alone */
  async remove(address: string): Promise<void> {
    if (!this.owned.delete(address)) return;
    await this.ip(['addr', 'del', prefixOf(address), 'dev', 'lo']).catch(() => undefined);
  }

  async removeAll(): Promise<void> {
    await Promise.all([...this.owned].map((address) => this.remove(address)));
  }

  has(address: string): boolean {
    return this.owned.has(address);
  }
}

function prefixOf(address: string): string {
  return isIPv6(address) ? `${address}/128` : `${address}/32`;
}
