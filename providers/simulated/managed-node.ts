import type { NodeAddressing, PodAddressPool } from './addresses.ts';
import type { PoolSettings } from './options.ts';

/** A simulated node this process runs: it heartbeats, and runs the pods bound to it. */
export interface ManagedNode {
  name: string;
  uid: string;
  settings: PoolSettings;
  addressing: NodeAddressing;
  podAddresses: PodAddressPool;
}
