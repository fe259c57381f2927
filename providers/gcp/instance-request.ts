import type { protos } from '@google-cloud/compute';
import type { CapacityType } from '../../core/index.ts';
import { GceLabels } from './names.ts';
import type { GcpOptions } from './options.ts';

type Instance = protos.google.cloud.compute.v1.IInstance;

/** One machine to launch, decided by the provider from the claim. */
export interface LaunchSpec {
  name: string;
  zone: string;
  instanceType: string;
  capacityType: CapacityType;
  pool: string;
  claim: string;
  startupScript: string;
}

/** A GCE label value from any string: lowercase, characters GCE refuses as `_`, at most 63. */
export function toLabelValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_')
    .slice(0, 63);
}

/**
 * The `instances.insert` request body (an Instance resource): the claim's
 * machine type in the claim's zone, a boot disk from the pool's image, the
 * pool's network and service account, the bootstrap script as the
 * `startup-script` metadata item, and the labels Kubernel finds its machines
 * by. A spot machine is `provisioningModel: SPOT` and deleted, not stopped,
 * when Compute Engine preempts it: its node is gone either way, and a
 * stopped machine would still cost its disk.
 */
export function instanceRequest(options: GcpOptions, spec: LaunchSpec): Instance {
  const networkInterface: protos.google.cloud.compute.v1.INetworkInterface = {
    network: options.network,
    ...(options.subnetwork === undefined ? {} : { subnetwork: options.subnetwork }),
    ...(options.externalIp ? { accessConfigs: [{ name: 'External NAT', type: 'ONE_TO_ONE_NAT' }] } : {}),
  };
  return {
    name: spec.name,
    machineType: `zones/${spec.zone}/machineTypes/${spec.instanceType}`,
    labels: {
      ...options.labels,
      [GceLabels.cluster]: options.clusterName,
      [GceLabels.pool]: toLabelValue(spec.pool),
      [GceLabels.claim]: toLabelValue(spec.claim),
    },
    disks: [
      {
        boot: true,
        autoDelete: true,
        initializeParams: {
          sourceImage: options.image,
          diskSizeGb: options.diskSizeGb,
          diskType: `zones/${spec.zone}/diskTypes/${options.diskType}`,
        },
      },
    ],
    networkInterfaces: [networkInterface],
    serviceAccounts: [{ email: options.serviceAccount.email, scopes: options.serviceAccount.scopes }],
    metadata: { items: [{ key: 'startup-script', value: spec.startupScript }] },
    ...(options.networkTags.length === 0 ? {} : { tags: { items: options.networkTags } }),
    ...(spec.capacityType === 'spot' ? { scheduling: { provisioningModel: 'SPOT', instanceTerminationAction: 'DELETE' } } : {}),
  };
}
