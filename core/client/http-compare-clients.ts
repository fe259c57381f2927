import { expect } from 'vitest';
import { ApiError, type ApiErrorCode } from '../api/errors.ts';
import type { KubeList, KubeObject, StatusCause } from '../api/types/meta.ts';
import { startCluster, type TestCluster } from '../../test/e2e/support/cluster.ts';
import type { ApiClient } from './api-client.ts';
import { createHttpApiClient } from './http-client.ts';
import { Resources } from './resources.ts';

/**
 * Test support: a real control plane and both ApiClients on it, to run one
 * scenario through each and check the HTTPS client observes exactly what the
 * in-process one does.
 */
export interface Comparison {
  cluster: TestCluster;
  https: ReturnType<typeof createHttpApiClient>;
  /**
   * Runs `scenario` with each client in a namespace of its own and returns
   * what the in-process client saw, once checked that the HTTPS client saw the
   * same (namespace names and the `uids` the scenario collects made equal).
   */
  both<T>(scenario: (client: ApiClient, namespace: string, uids: string[]) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export async function startComparison(extraYaml = ''): Promise<Comparison> {
  const cluster = await startCluster(extraYaml);
  const https = createHttpApiClient({ server: cluster.plane.url, token: cluster.plane.adminToken, ca: cluster.plane.caCertPem, userAgent: 'kubernel-agent/test' });
  let namespaces = 0;
  return {
    cluster,
    https,
    both: async <T>(scenario: (client: ApiClient, namespace: string, uids: string[]) => Promise<T>): Promise<T> => {
      const seen: string[] = [];
      for (const [label, client] of [['inproc', cluster.plane.client], ['https', https]] as const) {
        const namespace = `${label}-${++namespaces}`;
        await cluster.plane.client.create(Resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
        const uids: string[] = [];
        const result = await scenario(client, namespace, uids);
        const text = JSON.stringify(result) ?? 'undefined';
        seen.push(uids.reduce((t, uid) => (uid === '' ? t : t.replaceAll(uid, 'UID')), text.replaceAll(namespace, 'NS')));
      }
      expect(seen[1]).toEqual(seen[0]);
      // What the scenario returned, with the names made equal: JSON in, JSON out.
      const normalized: unknown = JSON.parse(seen[0] ?? 'null');
      return normalized as T;
    },
    stop: async () => {
      https.close();
      await cluster.stop();
    },
  };
}

export interface ErrorOutcome {
  error: ApiErrorCode;
  message: string;
  target: unknown;
  causes: StatusCause[];
}

/** The value, or what an ApiError says; any other failure fails the test. */
export async function outcome<T>(promise: Promise<T>): Promise<T | ErrorOutcome> {
  try {
    return await promise;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { error: error.code, message: error.message, target: error.target, causes: error.causes };
  }
}

export function configMap(namespace: string, name: string, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...(labels === undefined ? {} : { labels }) }, data: { x: '1' } };
}

export function twoContainerPod(namespace: string, name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'web' } },
    spec: { containers: [{ name: 'a', image: 'busybox:1' }, { name: 'b', image: 'busybox:1' }] },
  };
}

export function namesOf(list: KubeList): string[] {
  return list.items.map((i) => i.metadata.name ?? '');
}
