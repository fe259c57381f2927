import type { ChainNames } from './chain-names.ts';
import type { IptablesAlgorithm } from './options.ts';
import type { ServicePortRoute } from './service-port-routes.ts';

export interface RuleSettings {
  /** where NodePorts are reached; '0.0.0.0' means every local address */
  nodeAddress: string;
  /** the masquerade mark bit (14 → 0x4000) */
  masqueradeBit: number;
  /** how a Service chain picks among its endpoints */
  algorithm: IptablesAlgorithm;
  names: ChainNames;
}

export interface OwnChains {
  filter: ReadonlySet<string>;
  nat: ReadonlySet<string>;
}

export interface RenderedRules {
  /** input for `iptables-restore --noflush` */
  text: string;
  /** the chains this text leaves in place */
  chains: OwnChains;
}


/**
 * The whole rule set for these Service ports, kube-proxy's iptables mode:
 * nat KUBERNEL-SERVICES matches ClusterIP:port and sends it to the port's
 * KUBERNEL-SVC chain, which picks an endpoint's KUBERNEL-SEP chain (see
 * endpointPick), which DNATs. NodePorts go
 * through KUBERNEL-NODEPORTS → KUBERNEL-EXT (mark for MASQUERADE) → the SVC
 * chain. Ports without endpoints are REJECTed in filter, as kube-proxy does,
 * instead of leaving the host to route a ClusterIP nobody owns.
 *
 * In `--noflush` mode a `:CHAIN` line flushes (or creates) that chain and
 * leaves every other chain alone, so each of ours is declared and rewritten
 * whole; chains in `previous` that are no longer needed are flushed and
 * deleted (`-X`) after the rules that referred to them are gone.
 */
export function renderRules(routes: readonly ServicePortRoute[], settings: RuleSettings, previous: OwnChains): RenderedRules {
  const { services: SERVICES_CHAIN, externalServices: EXTERNAL_SERVICES_CHAIN, nodePorts: NODEPORTS_CHAIN, postrouting: POSTROUTING_CHAIN, markMasq: MARK_MASQ_CHAIN } = settings.names;
  const mark = `0x${(1 << settings.masqueradeBit >>> 0).toString(16)}`;
  const filterRules: string[] = [];
  const natRules: string[] = [
    `-A ${POSTROUTING_CHAIN} -m mark ! --mark ${mark}/${mark} -j RETURN`,
    // clear the bit so that a packet re-entering the stack is not masqueraded twice
    `-A ${POSTROUTING_CHAIN} -j MARK --xor-mark ${mark}`,
    `-A ${POSTROUTING_CHAIN} -m comment --comment "kubernel service traffic requiring SNAT" -j MASQUERADE`,
    `-A ${MARK_MASQ_CHAIN} -j MARK --or-mark ${mark}`,
  ];
  // the chains that always exist while the plugin runs, hooked into the built-in chains (see jumps.ts)
  const natChains = new Set([SERVICES_CHAIN, NODEPORTS_CHAIN, POSTROUTING_CHAIN, MARK_MASQ_CHAIN]);
  for (const route of routes) {
    const proto = route.protocol.toLowerCase();
    const match = `-p ${proto} -m ${proto}`;
    const clusterIPMatch = `-d ${route.clusterIP}/32 ${match} --dport ${route.port}`;
    const nodePortMatch = `${nodeAddressMatch(settings.nodeAddress)}${match} --dport ${route.nodePort}`;
    if (route.endpoints.length === 0) {
      filterRules.push(`-A ${SERVICES_CHAIN} ${clusterIPMatch} -m comment --comment "${route.name} has no endpoints" -j REJECT`);
      if (route.nodePort > 0) filterRules.push(`-A ${EXTERNAL_SERVICES_CHAIN} ${nodePortMatch} -m comment --comment "${route.name} has no endpoints" -j REJECT`);
      continue;
    }
    natChains.add(route.chain);
    natRules.push(`-A ${SERVICES_CHAIN} ${clusterIPMatch} -m comment --comment "${route.name} cluster IP" -j ${route.chain}`);
    if (route.nodePort > 0) {
      natChains.add(route.externalChain);
      natRules.push(
        `-A ${NODEPORTS_CHAIN} ${match} --dport ${route.nodePort} -m comment --comment "${route.name}" -j ${route.externalChain}`,
        // from outside, or from 127.0.0.1 to an endpoint elsewhere: the answer must come back through this host
        `-A ${route.externalChain} -m comment --comment "masquerade traffic for ${route.name} external destinations" -j ${MARK_MASQ_CHAIN}`,
        `-A ${route.externalChain} -j ${route.chain}`,
      );
    }
    if (route.affinitySeconds !== undefined) {
      for (const endpoint of route.endpoints) {
        natRules.push(
          `-A ${route.chain} -m comment --comment "${route.name} -> ${endpoint.ip}:${endpoint.port}" -m recent --name ${endpoint.chain} --mask 255.255.255.255 --rsource --rcheck --seconds ${route.affinitySeconds} --reap -j ${endpoint.chain}`,
        );
      }
    }
    route.endpoints.forEach((endpoint, index) => {
      const pick = endpointPick(settings.algorithm, route.endpoints.length - index);
      natRules.push(`-A ${route.chain} -m comment --comment "${route.name} -> ${endpoint.ip}:${endpoint.port}"${pick} -j ${endpoint.chain}`);
    });
    for (const endpoint of route.endpoints) {
      natChains.add(endpoint.chain);
      const remember = route.affinitySeconds !== undefined ? ` -m recent --name ${endpoint.chain} --mask 255.255.255.255 --rsource --set` : '';
      natRules.push(
        // hairpin: an endpoint reaching itself through its Service must see the answer come from the Service
        `-A ${endpoint.chain} -s ${endpoint.ip}/32 -m comment --comment "${route.name}" -j ${MARK_MASQ_CHAIN}`,
        `-A ${endpoint.chain} ${match} -m comment --comment "${route.name}"${remember} -j DNAT --to-destination ${endpoint.ip}:${endpoint.port}`,
      );
    }
  }
  natRules.push(
    `-A ${SERVICES_CHAIN} ${nodeAddressMatch(settings.nodeAddress)}-m comment --comment "kubernel service nodeports; NOTE: this must be the last rule in this chain" -j ${NODEPORTS_CHAIN}`,
  );
  const filterChains = new Set([SERVICES_CHAIN, EXTERNAL_SERVICES_CHAIN]);
  return {
    text: [...table('filter', filterChains, filterRules, previous.filter), ...table('nat', natChains, natRules, previous.nat)].join('\n') + '\n',
    chains: { filter: filterChains, nat: natChains },
  };
}

/**
 * The match that sends a new connection to the endpoint at this place of
 * the Service chain, `remaining` endpoints from the end (the last matches
 * whatever reaches it). `random` is kube-proxy's: probability 1/remaining, so
 * each of n is chosen with 1/n. `round-robin` uses the statistic match's
 * per-rule packet counter instead: the rule with `remaining` endpoints left
 * takes every remaining-th connection that reaches it, so n connections in a
 * row meet the n endpoints once each (the counters restart when a sync
 * rewrites the chain).
 */
export function endpointPick(algorithm: IptablesAlgorithm, remaining: number): string {
  if (remaining <= 1) return '';
  return algorithm === 'random' ? ` -m statistic --mode random --probability ${(1 / remaining).toFixed(10)}` : ` -m statistic --mode nth --every ${remaining} --packet 0`;
}

/** Text that empties and deletes every chain given (the jumps into them must be gone first). */
export function renderTeardown(chains: OwnChains): string {
  return [...table('filter', new Set(), [], chains.filter), ...table('nat', new Set(), [], chains.nat)].join('\n') + '\n';
}

function table(name: string, chains: ReadonlySet<string>, rules: readonly string[], previous: ReadonlySet<string>): string[] {
  const stale = [...previous].filter((chain) => !chains.has(chain)).sort();
  return [
    `*${name}`,
    ...[...chains, ...stale].map((chain) => `:${chain} - [0:0]`),
    ...rules,
    ...stale.map((chain) => `-X ${chain}`),
    'COMMIT',
  ];
}

function nodeAddressMatch(nodeAddress: string): string {
  return nodeAddress === '0.0.0.0' || nodeAddress === '' ? '-m addrtype --dst-type LOCAL ' : `-d ${nodeAddress}/32 `;
}
