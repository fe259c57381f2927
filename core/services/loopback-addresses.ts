import { execFile } from 'node:child_process';
import { isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Runs `ip` with these arguments; rejects with its stderr. Replaceable in tests. */
export type IpCommand = (args: readonly string[]) => Promise<void>;

export const runIp: IpCommand = (args) =>
  new Promise((resolve, reject) => {
    execFile('ip', [...args], { timeout: 10_000 }, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else reject(new Error(String(stderr).trim() || error.message));
    });
  });

/** Whether an interface of this host has the address, so that it can be bound as it is. */
export function isLocalAddress(address: string): boolean {
  return Object.values(networkInterfaces()).some((list) => list?.some((entry) => entry.address === address) === true);
}

/** Addresses any host can bind without help: the wildcards and loopback. */
export function needsNoInterface(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '::1' || address.startsWith('127.');
}

function prefixOf(address: string): string {
  return isIPv6(address) ? `${address}/128` : `${address}/32`;
}

export type AddResult = { ok: true; added: boolean } | { ok: false; reason: string };

/**
 * Addresses a plugin puts on the host's `lo` so that it can listen on them
 * (a ClusterIP, the DNS Service's IP): what kube-proxy's IPVS mode does with
 * its kube-ipvs0 device. An address the host already had, or that someone
 * else adds at the same moment, is used but never removed: only what this
 * instance added goes away.
 */
export class LoopbackAddresses {
  private readonly owned = new Set<string>();

  constructor(
    private readonly ip: IpCommand = runIp,
    private readonly present: (address: string) => boolean = isLocalAddress,
  ) {}

  async ensure(address: string): Promise<AddResult> {
    if (needsNoInterface(address) || this.present(address)) return { ok: true, added: false };
    try {
      await this.ip(['addr', 'add', prefixOf(address), 'dev', 'lo']);
      this.owned.add(address);
      return { ok: true, added: true };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (/File exists|already assigned/i.test(reason)) return { ok: true, added: false };
      return { ok: false, reason };
    }
  }

  /** whether this instance added the address */
  has(address: string): boolean {
    return this.owned.has(address);
  }

  /** removes one address this instance added; others are left alone */
  async remove(address: string): Promise<void> {
    if (!this.owned.delete(address)) return;
    await this.ip(['addr', 'del', prefixOf(address), 'dev', 'lo']).catch(() => undefined);
  }

  /** Removes what ensure() added; a failure is reported, not thrown, so that shutdown goes on. */
  async removeAll(): Promise<string[]> {
    const failures: string[] = [];
    for (const address of [...this.owned]) {
      this.owned.delete(address);
      await this.ip(['addr', 'del', prefixOf(address), 'dev', 'lo']).catch((error: unknown) => {
        failures.push(`${address}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    return failures;
  }
}
