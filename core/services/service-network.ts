import type { ServiceNetwork } from '../contracts/discovery.ts';
import type { KubernelConfig } from '../kernel/config-schema.ts';
import { KernelError } from '../kernel/errors.ts';
import { DNS_SERVICE_OFFSET } from '../server/admission/service-ip-allocator.ts';
import { addressAt, parseNodePortRange, parseServiceIPRange } from '../server/admission/service-ranges.ts';

/** NodePorts of a local node listen on the loopback address, the only one every test and machine has. */
const LOCAL_NODE_ADDRESS = '127.0.0.1';

/**
 * The cluster's Service network from kubernel.yaml's `services` section, as
 * the ClusterIP allocator reads it: the DNS Service's address is the 10th of
 * the range (kubeadm's convention, reserved by the allocator).
 */
export function serviceNetworkFrom(config: KubernelConfig): ServiceNetwork {
  const { clusterIPRange, nodePortRange, clusterDomain } = config.services;
  try {
    return {
      clusterIPRange,
      dnsServiceIP: addressAt(parseServiceIPRange(clusterIPRange), DNS_SERVICE_OFFSET),
      nodePortRange: parseNodePortRange(nodePortRange),
      clusterDomain,
      nodeAddress: LOCAL_NODE_ADDRESS,
    };
  } catch (error) {
    // The config schema refuses these already; a config built in code gets the same words.
    throw new KernelError('KERNEL_ERR_CONFIG_INVALID', `services: ${error instanceof Error ? error.message : String(error)}`);
  }
}
