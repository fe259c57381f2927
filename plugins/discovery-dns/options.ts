import { isIP } from 'node:net';
import { z } from 'zod';
import { parseUpstream } from './upstreams.ts';

const ipAddress = z.string().refine((value) => isIP(value) !== 0, 'must be an IP address');
const upstreamAddress = z.string().refine((value) => parseUpstream(value) !== undefined, 'must be an IP address, IP:port or [IPv6]:port');

/**
 * `discovery/dns` options (its entry's `options` in kubernel.yaml's
 * `plugins:`). Every field has a default, so an entry without options runs
 * the cluster DNS the way kubeadm's CoreDNS does: on the DNS Service's IP,
 * port 53, forwarding the rest to the host's resolvers.
 */
export const dnsOptionsSchema = z
  .object({
    /** where to listen; default: the network's dnsServiceIP, added to `lo` when missing (needs root, else 127.0.0.1) */
    listen: z.array(ipAddress).min(1).optional(),
    /** 0 picks a free port (tests) */
    port: z.number().int().min(0).max(65535).default(53),
    /** where names outside the cluster domain go; default: the host's resolv.conf nameservers; [] refuses them */
    upstream: z.array(upstreamAddress).optional(),
    /** how long one upstream may take before the next is tried (then SERVFAIL) */
    upstreamTimeoutMs: z.number().int().min(50).max(30_000).default(2000),
    /** TTL of the cluster's records: CoreDNS's kubernetes plugin default, and its allowed range */
    ttl: z.number().int().min(0).max(3600).default(5),
    /** keep the `kube-dns` Service in kube-system (ClusterIP = dnsServiceIP) and its endpoints, as a cluster shows CoreDNS */
    createService: z.boolean().default(true),
  })
  .strict();

export type DnsOptions = z.output<typeof dnsOptionsSchema>;
