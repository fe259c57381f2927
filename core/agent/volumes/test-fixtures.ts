/** Shared fixtures for the volume tests: a pod builder, an editable object source, a tmpfs that always fails. */
import type { KubeObject } from '../../api/types/meta.ts';
import type { ObjectSource, PodRuntimeFacts } from '../env/object-source.ts';
import type { TmpfsMounter } from './tmpfs.ts';

export const facts: PodRuntimeFacts = {
  nodeName: 'node-a',
  hostIP: '192.168.1.5',
  podIP: '10.0.0.7',
  podIPs: ['10.0.0.7'],
  nodeAllocatable: { cpuMillis: 2000, memoryBytes: 1024 ** 3 },
};

export function podWith(volumes: Record<string, unknown>[], containers: Record<string, unknown>[] = [{ name: 'app' }]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'shop', uid: 'uid-1', labels: { app: 'web', tier: 'front' }, annotations: { owner: 'team-a' } },
    spec: { nodeName: 'node-a', containers, volumes },
  };
}

/** ConfigMaps and Secrets in namespace `shop`, editable between prepare calls. */
export class TestObjects implements ObjectSource {
  readonly configMaps = new Map<string, KubeObject>();
  readonly secrets = new Map<string, KubeObject>();

  setConfigMap(name: string, data: Record<string, string>, binaryData?: Record<string, string>): void {
    this.configMaps.set(name, { metadata: { name, namespace: 'shop' }, data, ...(binaryData === undefined ? {} : { binaryData }) });
  }

  setSecret(name: string, plain: Record<string, string>): void {
    const data = Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
    this.secrets.set(name, { metadata: { name, namespace: 'shop' }, data });
  }

  configMap(namespace: string, name: string): KubeObject | undefined {
    return namespace === 'shop' ? this.configMaps.get(name) : undefined;
  }

  secret(namespace: string, name: string): KubeObject | undefined {
    return namespace === 'shop' ? this.secrets.get(name) : undefined;
  }
}

/** A tmpfs mounter that cannot mount, as on a machine without root; it records what it was asked. */
export function failingTmpfs(): TmpfsMounter & { calls: { dir: string; size: bigint | undefined }[] } {
  const calls: { dir: string; size: bigint | undefined }[] = [];
  return {
    calls,
    mount: async (dir, size) => {
      calls.push({ dir, size });
      throw new Error('tmpfs is not available in this test');
    },
    unmount: async () => {},
  };
}
