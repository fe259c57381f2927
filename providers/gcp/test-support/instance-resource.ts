import { isRecord } from '../../../core/index.ts';
import { zoneUrl, type Json } from './compute-fixtures.ts';

/**
 * The Instance resource Compute Engine makes of an instances.insert body:
 * partial URLs expanded, defaults filled in (scheduling, network interface
 * name and IP, disk source), output-only fields added, as instances.get and
 * aggregatedList return it.
 */

const API = 'https://www.googleapis.com/compute/v1';

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function expand(project: string, partial: string): string {
  if (partial.startsWith('https://')) return partial;
  return partial.startsWith('projects/') ? `${API}/${partial}` : `${API}/projects/${project}/${partial}`;
}

export interface InstanceFacts {
  project: string;
  zone: string;
  id: string;
  creationTimestamp: string;
  status: 'PROVISIONING' | 'STAGING' | 'RUNNING' | 'STOPPING' | 'TERMINATED';
  /** last octet of the nic0 address in 10.128.0.0/20 (the default network's us-central1 range) */
  hostIndex: number;
}

export function instanceResource(body: Json, facts: InstanceFacts): Json {
  const { project, zone } = facts;
  const name = text(body['name']);
  const zoneLink = zoneUrl(project, zone);
  const spot = field(body['scheduling'], 'provisioningModel') === 'SPOT';
  const nic = Array.isArray(body['networkInterfaces']) ? body['networkInterfaces'][0] : undefined;
  const accessConfigs = field(nic, 'accessConfigs');
  const disk = Array.isArray(body['disks']) ? body['disks'][0] : undefined;
  const params = field(disk, 'initializeParams');
  return {
    kind: 'compute#instance',
    id: facts.id,
    creationTimestamp: facts.creationTimestamp,
    name,
    tags: { ...(isRecord(body['tags']) ? body['tags'] : {}), fingerprint: '42WmSpB8rSM=' },
    machineType: expand(project, text(body['machineType'])),
    status: facts.status,
    zone: zoneLink,
    canIpForward: false,
    networkInterfaces: [
      {
        kind: 'compute#networkInterface',
        network: expand(project, text(field(nic, 'network'), 'global/networks/default')),
        subnetwork: expand(project, text(field(nic, 'subnetwork'), `regions/${zone.replace(/-[a-z]$/, '')}/subnetworks/default`)),
        networkIP: `10.128.0.${facts.hostIndex}`,
        name: 'nic0',
        ...(Array.isArray(accessConfigs)
          ? {
              accessConfigs: accessConfigs.map((config) => ({
                kind: 'compute#accessConfig',
                type: text(field(config, 'type'), 'ONE_TO_ONE_NAT'),
                name: text(field(config, 'name'), 'External NAT'),
                natIP: `34.66.205.${facts.hostIndex}`,
                networkTier: 'PREMIUM',
              })),
            }
          : {}),
        fingerprint: 'mbm7aWb1oM8=',
        stackType: 'IPV4_ONLY',
      },
    ],
    disks: [
      {
        kind: 'compute#attachedDisk',
        type: 'PERSISTENT',
        mode: 'READ_WRITE',
        source: `${zoneLink}/disks/${name}`,
        deviceName: 'persistent-disk-0',
        index: 0,
        boot: true,
        autoDelete: field(disk, 'autoDelete') === true,
        interface: 'SCSI',
        diskSizeGb: text(field(params, 'diskSizeGb'), '10'),
        architecture: 'X86_64',
      },
    ],
    metadata: { kind: 'compute#metadata', fingerprint: 'dwZoGdfA1Kg=', items: field(body['metadata'], 'items') ?? [] },
    serviceAccounts: body['serviceAccounts'] ?? [],
    selfLink: `${zoneLink}/instances/${name}`,
    scheduling: spot
      ? { onHostMaintenance: 'TERMINATE', automaticRestart: false, preemptible: false, provisioningModel: 'SPOT', instanceTerminationAction: 'DELETE' }
      : { onHostMaintenance: 'MIGRATE', automaticRestart: true, preemptible: false, provisioningModel: 'STANDARD' },
    cpuPlatform: 'Intel Broadwell',
    labels: isRecord(body['labels']) ? body['labels'] : {},
    labelFingerprint: 'sxL-3nzMsyc=',
    startRestricted: false,
    deletionProtection: false,
    fingerprint: 'Kgi4e2ho2fs=',
  };
}
