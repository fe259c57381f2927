import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isInstanceName, isLabelKey, isLabelValue } from './names.ts';

/**
 * `nodePools[].options` of a `provider: gcp` pool: where machines go
 * (project, zones, network), what they boot (image, disk), who they run as
 * (service account), which machine types the pool may use and at what price.
 * Credentials come from Application Default Credentials unless `keyFile`
 * names a service-account key.
 */

const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

const labelValue = z.string().refine(isLabelValue, { message: 'must be a GCE label value: at most 63 lowercase letters, digits, "_" or "-"' });

const zoneName = z.string().refine(isInstanceName, { message: 'must be a zone name such as "us-central1-a"' });

/** USD per hour by capacity type; either may be left out. */
const priceEntry = z
  .object({ 'on-demand': z.number().min(0).optional(), spot: z.number().min(0).optional() })
  .strict();

export const gcpOptionsSchema = z
  .object({
    /** the project the machines are created in */
    project: z.string().regex(/^[a-z][-a-z0-9.:]{4,61}[a-z0-9]$/, 'must be a Google Cloud project ID'),
    /** zones the pool launches in, in order of preference */
    zones: z.array(zoneName).min(1),
    /** the GCE label `kubernel-cluster` every machine carries; list() and leak detection filter on it */
    clusterName: labelValue.pipe(z.string().min(1)).default('kubernel'),
    /** a service-account key file; absent: Application Default Credentials */
    keyFile: z.string().min(1).optional(),
    /** the boot disk's image (`initializeParams.sourceImage`); it needs Node.js 20+ and npm unless `installCommand` installs them */
    image: z.string().min(1).default('projects/debian-cloud/global/images/family/debian-12'),
    diskSizeGb: z.number().int().min(10).max(65_536).default(50),
    /** pd-balanced, pd-ssd, pd-standard, hyperdisk-balanced (the machine type must support it) */
    diskType: z.string().regex(/^[a-z0-9-]+$/).default('pd-balanced'),
    network: z.string().min(1).default('global/networks/default'),
    /** required on custom-mode networks: `regions/<region>/subnetworks/<name>` */
    subnetwork: z.string().min(1).optional(),
    /** an ephemeral external IP (ONE_TO_ONE_NAT); without it the subnet needs Cloud NAT to reach npm */
    externalIp: z.boolean().default(true),
    /** network tags, which firewall rules select machines by */
    networkTags: z.array(z.string().refine(isInstanceName, { message: 'must be a GCE network tag (RFC 1035)' })).default([]),
    serviceAccount: z
      .object({
        /** `default`: the project's Compute Engine default service account */
        email: z.string().min(1).default('default'),
        scopes: z.array(z.string().min(1)).min(1).default([CLOUD_PLATFORM_SCOPE]),
      })
      .strict()
      .prefault({}),
    capacityTypes: z
      .array(z.enum(['on-demand', 'spot']))
      .min(1)
      .refine((types) => new Set(types).size === types.length, { message: 'must not repeat a capacity type' })
      .default(['on-demand']),
    /** machine families offered (the name without its size): e2-standard, n2-standard, t2a-standard, ... */
    families: z.array(z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be a machine family such as "e2-standard"')).default(['e2-standard']),
    /** machine types offered by exact name, besides the families' */
    instanceTypes: z.array(z.string().min(1)).default([]),
    /** prices that win over the built-in us-central1 table; types priced nowhere are not offered */
    prices: z.record(z.string(), priceEntry).default({}),
    /** more GCE labels for every machine */
    labels: z
      .record(z.string(), labelValue)
      .superRefine((labels, ctx) => {
        for (const key of Object.keys(labels)) {
          if (!isLabelKey(key)) ctx.addIssue({ code: 'custom', path: [key], message: `invalid GCE label key "${key}": a lowercase letter, then at most 62 lowercase letters, digits, "_" or "-"` });
        }
      })
      .default({}),
    /** the kubernel version the machines install; default: this control plane's */
    kubernelVersion: z.string().regex(/^[0-9A-Za-z.+-]+$/).optional(),
    /** how the startup script installs kubernel; default `npm install -g kubernel@<kubernelVersion>` */
    installCommand: z.string().min(1).optional(),
    catalogRefreshMinutes: z.number().int().min(1).max(24 * 60).default(60),
    /** how long create and delete wait for their zone operation */
    operationTimeoutSeconds: z.number().int().min(10).max(3600).default(600),
    /** rate-limited calls (429, 403 rateLimitExceeded) are retried this often, doubling the delay, before ThrottledError */
    throttleRetries: z
      .object({
        attempts: z.number().int().min(0).max(20).default(5),
        baseDelayMs: z.number().int().min(1).max(60_000).default(1000),
        maxDelayMs: z.number().int().min(1).max(600_000).default(30_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type GcpOptions = z.output<typeof gcpOptionsSchema>;

/** The version of the kubernel package this control plane runs, read from its package.json. */
export function packageVersion(): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') return parsed.version;
  } catch {
    // an unusual install without package.json: machines get the newest release
  }
  return 'latest';
}

export function installCommandOf(options: GcpOptions): string {
  return options.installCommand ?? `npm install -g kubernel@${options.kubernelVersion ?? packageVersion()}`;
}
