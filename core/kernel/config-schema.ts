import { z } from 'zod';
import { consolidateAfterMs } from '../api/kinds/nodepool/duration.ts';
import { isValidQuantity, QUANTITY_FORMAT_ERROR } from '../api/quantity.ts';
import { nodePortRangeProblem, serviceIPRangeProblem } from '../server/admission/service-ranges.ts';

/**
 * The schema of kubernel.yaml. Every section is strict: a misspelt key is an
 * error that names its path, not a silently ignored setting.
 */
const pluginRef = z
  .object({
    /** a built-in plugin, by its catalog name (`scheduling/binpack`) */
    name: z.string().min(1).optional(),
    /** an out-of-tree plugin file, relative to the config file */
    path: z.string().min(1).optional(),
    /** an out-of-tree plugin published as an npm package */
    package: z.string().min(1).optional(),
    options: z.unknown().optional(),
  })
  .strict()
  .refine((ref) => [ref.name, ref.path, ref.package].filter((v) => v !== undefined).length === 1, {
    message: 'exactly one of name, path or package must be set',
  });

/** kube-controller-manager 1.32's node lifecycle defaults */
export const NODE_LIFECYCLE_DEFAULTS = {
  nodeMonitorPeriodSeconds: 5,
  nodeMonitorGracePeriodSeconds: 50,
  nodeStartupGracePeriodSeconds: 60,
  nodeEvictionRate: 0.1,
  secondaryNodeEvictionRate: 0.01,
  largeClusterSizeThreshold: 50,
  unhealthyZoneThreshold: 0.55,
};

/** Seconds may be fractions (tests run on short clocks); rates are nodes per second per zone. */
const nodeLifecycle = z
  .object({
    nodeMonitorPeriodSeconds: z.number().positive().default(NODE_LIFECYCLE_DEFAULTS.nodeMonitorPeriodSeconds),
    nodeMonitorGracePeriodSeconds: z.number().positive().default(NODE_LIFECYCLE_DEFAULTS.nodeMonitorGracePeriodSeconds),
    nodeStartupGracePeriodSeconds: z.number().positive().default(NODE_LIFECYCLE_DEFAULTS.nodeStartupGracePeriodSeconds),
    nodeEvictionRate: z.number().min(0).default(NODE_LIFECYCLE_DEFAULTS.nodeEvictionRate),
    secondaryNodeEvictionRate: z.number().min(0).default(NODE_LIFECYCLE_DEFAULTS.secondaryNodeEvictionRate),
    largeClusterSizeThreshold: z.number().int().min(0).default(NODE_LIFECYCLE_DEFAULTS.largeClusterSizeThreshold),
    unhealthyZoneThreshold: z.number().min(0).max(1).default(NODE_LIFECYCLE_DEFAULTS.unhealthyZoneThreshold),
  })
  .strict();

/** The provisioner's batch window (Karpenter: 1 s idle, 10 s at most), the NodeClaim registration timeout and the disruption pass interval. */
export const PROVISIONING_DEFAULTS = {
  batchIdleSeconds: 1,
  batchMaxSeconds: 10,
  registrationTimeoutSeconds: 900,
  leakSweepSeconds: 60,
  disruptionIntervalSeconds: 10,
};

const provisioning = z
  .object({
    batchIdleSeconds: z.number().positive().default(PROVISIONING_DEFAULTS.batchIdleSeconds),
    batchMaxSeconds: z.number().positive().default(PROVISIONING_DEFAULTS.batchMaxSeconds),
    /** a NodeClaim whose node has not joined by then is deleted and its machine removed */
    registrationTimeoutSeconds: z.number().positive().default(PROVISIONING_DEFAULTS.registrationTimeoutSeconds),
    leakSweepSeconds: z.number().positive().default(PROVISIONING_DEFAULTS.leakSweepSeconds),
    disruptionIntervalSeconds: z.number().positive().default(PROVISIONING_DEFAULTS.disruptionIntervalSeconds),
  })
  .strict();

/** Kubernetes' defaults: kube-apiserver's --service-cluster-ip-range (kubeadm's 10.96.0.0/12, narrowed) and --service-node-port-range. */
export const SERVICES_DEFAULTS = {
  clusterIPRange: '10.96.0.0/16',
  nodePortRange: '30000-32767',
  clusterDomain: 'cluster.local',
};

const services = z
  .object({
    /** Services' virtual IPs; the 1st address is the `kubernetes` Service's, the 10th the DNS Service's */
    clusterIPRange: z
      .string()
      .superRefine((text, ctx) => {
        const problem = serviceIPRangeProblem(text);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default(SERVICES_DEFAULTS.clusterIPRange),
    /** NodePort and LoadBalancer Services' node ports, `first-last` */
    nodePortRange: z
      .string()
      .superRefine((text, ctx) => {
        const problem = nodePortRangeProblem(text);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default(SERVICES_DEFAULTS.nodePortRange),
    clusterDomain: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a DNS domain such as cluster.local')
      .default(SERVICES_DEFAULTS.clusterDomain),
  })
  .strict();

/** A quantity as YAML gives it: `cpu: 100` is a number, `memory: 64Gi` a string; kept as Kubernetes text. */
const quantityText = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .refine((text) => isValidQuantity(text), { message: QUANTITY_FORMAT_ERROR });

/**
 * A node pool: a NodePool object (kubernel.dev/v1alpha1) written at start.
 * `labels`, `requirements` and `taints` are its template's; the rest keep the
 * NodePool spec's names and meaning, so a pool moves between kubernel.yaml and
 * `kubectl apply` unchanged. The API server validates the object in full.
 */
const nodePool = z
  .object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label'),
    provider: z.string().min(1),
    options: z.unknown().optional(),
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
    /** labels every node of the pool carries */
    labels: z.record(z.string(), z.string()).optional(),
    /** node selector requirements (well-known labels or the pool's own) every node of the pool meets */
    requirements: z
      .array(
        z
          .object({
            key: z.string().min(1),
            operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
            values: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
    taints: z
      .array(
        z
          .object({ key: z.string().min(1), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) })
          .strict(),
      )
      .optional(),
    /** totals over the pool's nodes (capacity) at which launching stops */
    limits: z.object({ cpu: quantityText.optional(), memory: quantityText.optional() }).strict().optional(),
    /** higher first when several pools could take a pod (Karpenter's 1..100) */
    weight: z.number().int().min(1).max(100).optional(),
    disruption: z
      .object({
        consolidationPolicy: z.enum(['WhenEmpty', 'WhenEmptyOrUnderutilized']).optional(),
        /** a duration ("30s", "5m") or "Never" */
        consolidateAfter: z
          .string()
          .refine((text) => consolidateAfterMs(text) !== undefined, { message: 'must be a duration such as 30s or 5m, or Never' })
          .optional(),
        budgets: z.array(z.object({ nodes: z.string().regex(/^((100|[0-9]{1,2})%|[0-9]+)$/, 'must be a node count or a percentage such as 10%') }).strict()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const configSchema = z
  .object({
    apiVersion: z.literal('kubernel.dev/v1alpha1').default('kubernel.dev/v1alpha1'),
    kind: z.literal('KubernelConfig').default('KubernelConfig'),
    store: z
      .object({
        backend: z.string().min(1).default('sqlite'),
        options: z.unknown().optional(),
        /** how many recent changes a watch can resume from (older: 410 Expired) */
        watchCacheSize: z.number().int().min(100).max(10_000_000).default(10_000),
      })
      .strict()
      .default({ backend: 'sqlite', watchCacheSize: 10_000 }),
    api: z
      .object({
        address: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(6443),
        /** bodies above this size get 413 RequestEntityTooLarge, as kube-apiserver's 3 MiB limit */
        maxRequestBodyBytes: z.number().int().min(1024).default(3 * 1024 * 1024),
        /** extra names and addresses for the serving certificate */
        certificateSANs: z.array(z.string().min(1)).default([]),
        /** DefaultTolerationSeconds admission: how long a pod stays on a not-ready / unreachable node unless it says otherwise */
        defaultNotReadyTolerationSeconds: z.number().int().min(0).default(300),
        defaultUnreachableTolerationSeconds: z.number().int().min(0).default(300),
      })
      .strict()
      .default({
        address: '127.0.0.1',
        port: 6443,
        maxRequestBodyBytes: 3 * 1024 * 1024,
        certificateSANs: [],
        defaultNotReadyTolerationSeconds: 300,
        defaultUnreachableTolerationSeconds: 300,
      }),
    logging: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
    controllers: z
      .object({
        /** run the built-in controllers (workloads, garbage collector, namespaces, scheduler) in this process */
        enabled: z.boolean().default(true),
        /** the node lifecycle controller: kube-controller-manager's --node-monitor-* and eviction flags */
        nodeLifecycle: nodeLifecycle.default(NODE_LIFECYCLE_DEFAULTS),
        /** nodes on demand: the provisioner, the NodeClaim lifecycle and disruption */
        provisioning: provisioning.default(PROVISIONING_DEFAULTS),
      })
      .strict()
      .default({ enabled: true, nodeLifecycle: NODE_LIFECYCLE_DEFAULTS, provisioning: PROVISIONING_DEFAULTS }),
    services: services.default(SERVICES_DEFAULTS),
    plugins: z.array(pluginRef).default([]),
    nodePools: z.array(nodePool).default([]),
  })
  .strict();

export type KubernelConfig = z.infer<typeof configSchema>;
export type PluginRef = z.infer<typeof pluginRef>;
export type NodePoolEntry = z.infer<typeof nodePool>;
