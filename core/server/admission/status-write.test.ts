import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { Resources } from '../../client/resources.ts';
import { inProcessApiClient } from '../../../test/support/in-process-api.ts';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: { nodeName: 'n1', containers: [{ name: 'web', image: 'nginx:1.27' }] },
};

describe('a status write', () => {
  it('takes all but the status from the stored version, sharing it, and changes nothing of it', async () => {
    const client = await inProcessApiClient('kubelet');
    // Written versions are shared while the resource is watched, as pods always are by the informers.
    const watch = await client.watch(Resources.pods, undefined, { resourceVersion: '0' }, () => undefined);
    const created = await client.create(Resources.pods, pod);
    const sent: KubeObject = {
      ...created,
      // A spec or label the client changed is not written through /status.
      metadata: { ...created.metadata, labels: { app: 'other' } },
      spec: { ...(created['spec'] as object), nodeName: 'elsewhere' },
      status: { phase: 'Running', podIP: '10.0.0.5', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const written = await client.update(Resources.pods, sent, { subresource: 'status' });
    expect(written['spec']).toBe(created['spec']);
    expect(written.metadata.labels).toBe(created.metadata.labels);
    expect(written['status']).toMatchObject({ phase: 'Running', podIP: '10.0.0.5' });
    expect(created['status']).not.toMatchObject({ phase: 'Running' });
    expect(Number(written.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    watch.close();
  });
});
