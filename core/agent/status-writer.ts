/**
 * Writes pod statuses to the API only when they changed (kubelet's status
 * manager): compared with the last status written for that pod and with the
 * one the API holds, so a sync that changes nothing costs no write.
 */
import type { Logger } from 'pino';
import { isApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types/meta.ts';
import type { ApiClient } from '../client/api-client.ts';
import { Resources } from '../client/resources.ts';

export class StatusWriter {
  private readonly written = new Map<string, string>();

  constructor(
    private readonly client: ApiClient,
    private readonly logger: Logger,
  ) {}

  async write(pod: KubeObject, status: Record<string, unknown>): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    const text = JSON.stringify(status);
    if (this.written.get(uid) === text || JSON.stringify(pod['status'] ?? {}) === text) return;
    try {
      // metadata.uid makes the patch fail on a pod recreated under the same name.
      await this.client.patch(
        Resources.pods,
        pod.metadata.namespace,
        pod.metadata.name ?? '',
        'merge',
        { metadata: { uid }, status },
        { subresource: 'status', fieldManager: 'kubelet' },
      );
      this.written.set(uid, text);
    } catch (error) {
      if (isApiError(error, 'NotFound') || isApiError(error, 'Conflict')) {
        this.logger.debug({ pod: pod.metadata.name, err: error }, 'pod gone or replaced; status not written');
        return;
      }
      throw error;
    }
  }

  forget(uid: string): void {
    this.written.delete(uid);
  }
}
