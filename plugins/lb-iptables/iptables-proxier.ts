import type { Logger } from 'pino';
import type { ServiceCatalog, ServiceNetwork, ServiceRuntime } from '../../core/index.ts';
import { ChainNames } from './chain-names.ts';
import { declaredChains, hostIptables, hostSysctl, type Iptables, type Sysctl } from './iptables-command.ts';
import { jumps, type Jump } from './jumps.ts';
import type { IptablesOptions } from './options.ts';
import { renderRules, renderTeardown, type OwnChains } from './render-rules.ts';
import { servicePortRoutes, type ServicePortRoute } from './service-port-routes.ts';
import { conntrackDeletions, hostConntrack, staleUdpFlows, type ConntrackCommand } from './stale-conntrack.ts';

const ROUTE_LOCALNET = 'net.ipv4.conf.all.route_localnet';

export interface IptablesProxierDeps {
  catalog: ServiceCatalog;
  network: Pick<ServiceNetwork, 'nodeAddress'>;
  logger: Logger;
  options: IptablesOptions;
  iptables?: Iptables;
  sysctl?: Sysctl;
  conntrack?: ConntrackCommand;
}

/**
 * kube-proxy's iptables mode: the catalog rendered as DNAT rules in our own
 * chains, rewritten whole with one `iptables-restore --noflush` after every
 * burst of catalog changes, and removed entirely on stop(). No process sits
 * in the data path: the kernel NATs each new connection once and conntrack
 * carries the rest.
 */
export class IptablesProxier implements ServiceRuntime {
  private readonly iptables: Iptables;
  private readonly sysctl: Sysctl;
  private readonly conntrack: ConntrackCommand;
  private chains: OwnChains = { filter: new Set(), nat: new Set() };
  private routes: ServicePortRoute[] = [];
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;
  private routeLocalnetBefore: string | undefined;
  private conntrackMissingLogged = false;
  private syncs = 0;
  private readonly names: ChainNames;
  private readonly jumps: Jump[];

  constructor(private readonly deps: IptablesProxierDeps) {
    this.iptables = deps.iptables ?? hostIptables;
    this.sysctl = deps.sysctl ?? hostSysctl;
    this.conntrack = deps.conntrack ?? hostConntrack;
    this.names = new ChainNames(deps.options.chainPrefix);
    this.jumps = jumps(this.names);
  }

  /** how many full syncs were written, for tests */
  get syncCount(): number {
    return this.syncs;
  }

  async start(): Promise<void> {
    await this.deps.catalog.synced();
    // chains a crashed earlier run left behind are ours too: the first sync deletes what it does not need
    this.chains = { filter: await this.existingChains('filter'), nat: await this.existingChains('nat') };
    if (this.deps.options.nodePorts && this.deps.network.nodeAddress.startsWith('127.')) await this.enableRouteLocalnet();
    this.unsubscribe = this.deps.catalog.onChange(() => this.schedule());
    await this.sync();
    for (const jump of this.jumps) await this.ensureJump(jump);
  }

  /** resolves when every change announced so far is written */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.sync();
    }
    await this.syncing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.syncing.catch(() => undefined);
    for (const jump of this.jumps) await this.removeJump(jump);
    const chains = { filter: union(this.chains.filter, await this.existingChains('filter')), nat: union(this.chains.nat, await this.existingChains('nat')) };
    await this.iptables.restore(renderTeardown(chains));
    this.chains = { filter: new Set(), nat: new Set() };
    if (this.routeLocalnetBefore !== undefined && this.routeLocalnetBefore !== '1') await this.sysctl.write(ROUTE_LOCALNET, this.routeLocalnetBefore);
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sync();
    }, this.deps.options.syncDebounceMs);
  }

  private sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncOnce()).catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'iptables sync failed; retrying in 1s');
      if (!this.stopped) setTimeout(() => this.schedule(), 1000).unref();
    });
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    if (this.stopped) return;
    const routes = servicePortRoutes(this.deps.catalog.services(), { nodePorts: this.deps.options.nodePorts, names: this.names });
    const rendered = renderRules(routes, {
      nodeAddress: this.deps.network.nodeAddress,
      masqueradeBit: this.deps.options.masqueradeBit,
      algorithm: this.deps.options.algorithm,
      names: this.names,
    }, this.chains);
    await this.iptables.restore(rendered.text);
    this.chains = rendered.chains;
    const before = this.routes;
    this.routes = routes;
    this.syncs++;
    await this.clearStaleFlows(before, routes);
  }

  private async clearStaleFlows(before: readonly ServicePortRoute[], after: readonly ServicePortRoute[]): Promise<void> {
    for (const args of conntrackDeletions(staleUdpFlows(before, after))) {
      const ran = await this.conntrack(args).catch((error: unknown) => {
        this.deps.logger.warn({ err: error, args }, 'conntrack -D failed');
        return true;
      });
      if (!ran && !this.conntrackMissingLogged) {
        this.conntrackMissingLogged = true;
        this.deps.logger.warn('conntrack is not installed: UDP flows to removed endpoints keep going there until they idle out');
      }
    }
  }

  private async existingChains(table: 'filter' | 'nat'): Promise<Set<string>> {
    return new Set(declaredChains(await this.iptables.save(table)).filter((chain) => this.names.isOwn(chain)));
  }

  private async ensureJump(jump: Jump): Promise<void> {
    if (await this.iptables.run(['-t', jump.table, '-C', jump.chain, ...jump.rule])) return;
    await this.iptables.run(['-t', jump.table, '-I', jump.chain, '1', ...jump.rule]);
  }

  private async removeJump(jump: Jump): Promise<void> {
    // a jump inserted twice (two starts racing) is deleted as often as it is there
    for (let i = 0; i < 10; i++) if (!(await this.iptables.run(['-t', jump.table, '-D', jump.chain, ...jump.rule]))) return;
  }

  private async enableRouteLocalnet(): Promise<void> {
    this.routeLocalnetBefore = await this.sysctl.read(ROUTE_LOCALNET);
    if (this.routeLocalnetBefore === '1') return;
    try {
      await this.sysctl.write(ROUTE_LOCALNET, '1');
    } catch (error) {
      this.routeLocalnetBefore = undefined;
      this.deps.logger.warn({ err: error }, `cannot set ${ROUTE_LOCALNET}=1: NodePorts on ${this.deps.network.nodeAddress} reach only endpoints on this host's loopback`);
    }
  }
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a, ...b]);
}
