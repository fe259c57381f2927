import { z } from 'zod';

export const ALGORITHMS = ['round-robin', 'least-connections', 'power-of-two-choices'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/** `lb/proxy` options (the `loadBalancer` entry's `options` in kubernel.yaml). */
export const proxyOptionsSchema = z
  .object({
    /** how a new connection picks among a Service's routable endpoints */
    algorithm: z.enum(ALGORITHMS).default('round-robin'),
    /** add each ClusterIP to `lo` (needs root) so that it can be listened on; off: listen only where the address already exists */
    bindClusterIPs: z.boolean().default(true),
    /** listen on the node address at each NodePort / LoadBalancer Service's nodePort */
    nodePorts: z.boolean().default(true),
    /** connections to an endpoint removed from its Service are closed this long after the removal */
    removedEndpointGraceSeconds: z.number().int().min(0).max(3600).default(30),
  })
  .strict()
  // prefault, not default: an absent options block still gets every field's default
  .prefault({});

export type ProxyOptions = z.output<typeof proxyOptionsSchema>;
