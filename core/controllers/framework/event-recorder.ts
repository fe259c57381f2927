import type { Logger } from 'pino';
import type { KubeObject } from '../../api/types/meta.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { isApiError } from '../../api/errors.ts';
import { Resources } from '../../client/resources.ts';
import { EventCorrelator } from './event-correlator.ts';
import { Fifo } from '../../api/fifo.ts';

export type EventType = 'Normal' | 'Warning';

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** client-go's broadcaster queue: past this many unwritten Events, new ones are dropped */
const MAX_QUEUED = 1000;

/** the Event's involvedObject: taken when the Event is recorded, so a queued Event does not hold the whole object */
interface ObjectReference {
  apiVersion: string | undefined;
  kind: string | undefined;
  name: string | undefined;
  namespace: string | undefined;
  uid: string | undefined;
  resourceVersion: string | undefined;
}

interface Pending {
  involvedObject: ObjectReference;
  type: EventType;
  reason: string;
  message: string;
}

/**
 * Records core/v1 Events about objects, as client-go's recorder does: one at
 * a time, in order, through its EventCorrelator, so a repeat bumps `count`,
 * many similar messages are combined, and a source cannot flood the store
 * with Events about one object. Failures to record are logged, never thrown:
 * an Event must not break a reconcile.
 */
export class EventRecorder {
  private readonly correlator: EventCorrelator;
  private readonly queue = new Fifo<Pending>();
  private writing: Promise<void> | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly component: string,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.correlator = new EventCorrelator(now);
  }

  record(object: KubeObject, type: EventType, reason: string, message: string): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.logger.debug({ reason }, 'event queue full, dropping event');
      return;
    }
    const { metadata } = object;
    const involvedObject = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
    };
    this.queue.push({ involvedObject, type, reason, message });
    this.writing ??= this.drain();
  }

  /** resolves once every Event recorded so far has been written (or given up on) */
  async flush(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
      const { involvedObject, type, reason, message } = next;
      await this.write(involvedObject, type, reason, message).catch((error: unknown) => this.logger.debug({ err: error, reason }, 'could not record event'));
    }
    this.writing = undefined;
  }

  private async write(involvedObject: ObjectReference, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = involvedObject.namespace ?? 'default';
    const correlated = this.correlator.correlate({ involvedObject, type, reason, message, source: { component: this.component } });
    if (correlated.action === 'skip') return;
    const now = rfc3339(this.now());
    if (correlated.action === 'patch') {
      try {
        await this.client.patch(Resources.events, namespace, correlated.name, 'merge', { count: correlated.count, lastTimestamp: now, message: correlated.message });
        return;
      } catch (error) {
        // The Event was deleted (or expired) meanwhile: write it again, as client-go does.
        if (!isApiError(error, 'NotFound')) throw error;
      }
    }
    await this.client.create(Resources.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: correlated.name, namespace },
      involvedObject,
      reason,
      message: correlated.message,
      type,
      count: correlated.count,
      firstTimestamp: rfc3339(correlated.firstTimestamp),
      lastTimestamp: now,
      source: { component: this.component },
      reportingComponent: this.component,
      reportingInstance: '',
    });
  }
}
