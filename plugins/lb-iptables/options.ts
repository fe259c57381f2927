import { z } from 'zod';

/** `lb/iptables` options (the `loadBalancer` entry's `options` in kubernel.yaml). */
export const iptablesOptionsSchema = z
  .object({
    /** DNAT NodePort / LoadBalancer Services' nodePorts on the node address (127.0.0.1: sets net.ipv4.conf.all.route_localnet=1) */
    nodePorts: z.boolean().default(true),
    /** the packet-mark bit that asks for MASQUERADE (kube-proxy's --iptables-masquerade-bit, 14 = 0x4000) */
    masqueradeBit: z.number().int().min(0).max(31).default(14),
    /** catalog changes within this window are written in one iptables-restore (kube-proxy's --iptables-min-sync-period) */
    syncDebounceMs: z.number().int().min(0).max(60_000).default(100),
  })
  .strict()
  // prefault, not default: an absent options block still gets every field's default
  .prefault({});

export type IptablesOptions = z.output<typeof iptablesOptionsSchema>;
