import { z } from 'zod';
import { MAX_CHAIN_PREFIX_LENGTH } from './chain-names.ts';

/** kube-proxy's iptables mode spreads at random; round-robin is Kubernel's default, as lb/proxy's */
export const IPTABLES_ALGORITHMS = ['round-robin', 'random'] as const;
export type IptablesAlgorithm = (typeof IPTABLES_ALGORITHMS)[number];

/** prefixes of chains other programs own: writing ours there would flush theirs */
const FOREIGN_PREFIXES = ['KUBE', 'DOCKER', 'CILIUM', 'CNI', 'FLANNEL', 'CALICO'];

/** `lb/iptables` options (the `loadBalancer` entry's `options` in kubernel.yaml). */
export const iptablesOptionsSchema = z
  .object({
    /** DNAT NodePort / LoadBalancer Services' nodePorts on the node address (127.0.0.1: sets net.ipv4.conf.all.route_localnet=1) */
    nodePorts: z.boolean().default(true),
    /** the packet-mark bit that asks for MASQUERADE (kube-proxy's --iptables-masquerade-bit, 14 = 0x4000) */
    masqueradeBit: z.number().int().min(0).max(31).default(14),
    /** how each Service chain picks an endpoint for a new connection */
    algorithm: z.enum(IPTABLES_ALGORITHMS).default('round-robin'),
    /** every chain this instance owns is named PREFIX-...; a second cluster on the same host needs its own */
    chainPrefix: z
      .string()
      .regex(new RegExp(`^[A-Z][A-Z0-9]{0,${MAX_CHAIN_PREFIX_LENGTH - 1}}$`), `1 to ${MAX_CHAIN_PREFIX_LENGTH} capital letters or digits, starting with a letter`)
      .refine((prefix) => !FOREIGN_PREFIXES.includes(prefix), { message: `must not be one of ${FOREIGN_PREFIXES.join(', ')}: those chains belong to other programs` })
      .default('KUBERNEL'),
    /** catalog changes within this window are written in one iptables-restore (kube-proxy's --iptables-min-sync-period) */
    syncDebounceMs: z.number().int().min(0).max(60_000).default(100),
  })
  .strict()
  // prefault, not default: an absent options block still gets every field's default
  .prefault({});

export type IptablesOptions = z.output<typeof iptablesOptionsSchema>;
