/**
 * `kubernel agent --config FILE`: the agent's own settings, the kubelet
 * configuration file of Kubernel. Flags win over the file; every key is
 * optional. Errors name the YAML path.
 */
import { z } from 'zod';
import { isValidQuantity } from '../api/quantity.ts';

const quantity = z
  .union([z.string(), z.number()])
  .transform(String)
  .refine(isValidQuantity, { message: 'must be a quantity such as 2, 500m or 4Gi' });

/** what a node offers instead of the host's figures (an agent's config, a local pool's options) */
export const nodeCapacitySchema = z
  .object({ cpu: quantity.optional(), memory: quantity.optional(), 'ephemeral-storage': quantity.optional(), pods: z.number().int().min(1).optional() })
  .strict()
  .default({});

/** restart back-off of crashing containers: the first wait, doubled up to the max (kubelet: 10 s, 300 s) */
export const crashLoopBackOffSchema = z
  .object({ initialSeconds: z.number().positive().default(10), maxSeconds: z.number().positive().default(300) })
  .strict()
  .default({ initialSeconds: 10, maxSeconds: 300 });

export const agentConfigSchema = z
  .object({
    apiVersion: z.literal('kubernel.dev/v1alpha1').optional(),
    kind: z.literal('AgentConfig').optional(),
    /** the Node's name; default: the host name */
    name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS-1123 subdomain').optional(),
    /** docker | process | auto (Docker when an engine answers, else processes) */
    runtime: z.string().default('auto'),
    runtimeOptions: z.record(z.string(), z.unknown()).default({}),
    /** the Node's InternalIP and where the log/exec server listens */
    nodeIP: z.string().default('127.0.0.1'),
    /** the log/exec server's port; 0 picks a free one (kubelet: 10250) */
    port: z.number().int().min(0).max(65535).default(0),
    dataDir: z.string().optional(),
    labels: z.record(z.string(), z.string()).default({}),
    taints: z
      .array(z.object({ key: z.string(), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) }).strict())
      .default([]),
    capacity: nodeCapacitySchema,
    crashLoopBackOff: crashLoopBackOffSchema,
    /** how often the node Lease is renewed (kubelet: 10 s; the Lease lasts four of these) */
    leaseRenewSeconds: z.number().positive().default(10),
    /** DNS servers of pods with dnsPolicy ClusterFirst (kubelet's --cluster-dns); default: the kube-dns Service's ClusterIP */
    clusterDNS: z.array(z.string()).optional(),
    /** the cluster domain pods search (kubelet's --cluster-domain) */
    clusterDomain: z.string().default('cluster.local'),
    /** how often the Node status is checked and, when changed, written */
    statusUpdateSeconds: z.number().positive().default(10),
  })
  .strict();

export type AgentConfig = z.infer<typeof agentConfigSchema>;
