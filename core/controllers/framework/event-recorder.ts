import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { Resources } from '../../client/resources.ts';

export type EventType = 'Normal' | 'Warning';

interface Recorded {
  name: string;
  namespace: string;
  count: number;
}

const MAX_REMEMBERED = 4096;

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Records core/v1 Events about objects, as client-go's recorder does: a
 * repeat of the same reason and message on the same object bumps `count` and
 * `lastTimestamp` instead of making a new Event. Failures to record are
 * logged, never thrown: an Event must not break a reconcile.
 */
export class EventRecorder {
  private readonly recent = new Map<string, Recorded>();

  constructor(
    private readonly client: ApiClient,
    private readonly component: string,
    private readonly logger: Logger,
  ) {}

  record(object: KubeObject, type: EventType, reason: string, message: string): void {
    void this.write(object, type, reason, message).catch((error: unknown) => this.logger.debug({ err: error, reason }, 'could not record event'));
  }

  private async write(object: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = object.metadata.namespace ?? 'default';
    const key = `${object.metadata.uid ?? ''}|${type}|${reason}|${message}`;
    const now = rfc3339(new Date());
    const seen = this.recent.get(key);
    if (seen !== undefined) {
      seen.count++;
      await this.client.patch(Resources.events, seen.namespace, seen.name, 'merge', { count: seen.count, lastTimestamp: now });
      return;
    }
    const name = `${object.metadata.name ?? 'object'}.${randomBytes(8).toString('hex')}`;
    await this.client.create(Resources.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.metadata.name,
        namespace: object.metadata.namespace,
        uid: object.metadata.uid,
        resourceVersion: object.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: this.component },
      reportingComponent: this.component,
      reportingInstance: '',
    });
    if (this.recent.size >= MAX_REMEMBERED) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    this.recent.set(key, { name, namespace, count: 1 });
  }
}
