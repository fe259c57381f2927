import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { authHeaders, requestJson } from './support/api-client.ts';
import type { ApiTarget } from './support/control-plane-process.ts';
import { runLoad } from './support/load.ts';
import { openLeanStream, type LeanStream } from './support/lean-stream.ts';
import { LineSplitter, lineContains, valueAfter } from './support/line-splitter.ts';
import { progress } from './support/progress.ts';
import { configMapJson } from './store-objects.ts';
import { CONFIGMAPS_PATH, currentResourceVersion } from './store-requests.ts';

const SEQ_ANNOTATION = 'bench.kubernel.dev/seq';
const SENT_AT_ANNOTATION = 'bench.kubernel.dev/sent-at';
const SENTINEL_NAME = 'watch-sentinel';
const SEQ_MARKER = Buffer.from(`"${SEQ_ANNOTATION}":"`);
const SENT_AT_MARKER = Buffer.from(`"${SENT_AT_ANNOTATION}":"`);
const SENTINEL_MARKER = Buffer.from(`"name":"${SENTINEL_NAME}"`);
const ERROR_MARKER = Buffer.from('{"type":"ERROR"');

export interface WatchFanOutOptions {
  watchers: number;
  events: number;
  /** the pace of the creates: one every intervalMs */
  intervalMs: number;
  /** how many watch streams are being opened at once */
  openConcurrency: number;
  /** how long after the last create the watchers may take to get everything */
  deliveryTimeoutMs: number;
}

export interface WatchFanOutResult {
  /** one delay per (watcher, event) received: from just before the create was sent to its line arriving */
  delaysMs: number[];
  /** (watcher, event) pairs never received */
  missing: number;
  /** ERROR events or streams that ended early */
  streamProblems: number;
  openMs: number;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable inside this process. */
function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Opens `watchers` watch streams on the bench namespace, each on its own
 * connection, then creates `events` ConfigMaps at a steady pace. Every object
 * carries its send time, so each stream measures its own delivery delay. The
 * thousand streams are read in this one process on the server's machine, and
 * that reading time is inside the delays measured: they are read lean (see
 * openLeanStream).
 */
export async function watchFanOut(target: ApiTarget, control: Dispatcher, options: WatchFanOutOptions): Promise<WatchFanOutResult> {
  const { watchers, events } = options;
  const received = new Uint8Array(watchers * events);
  const sawSentinel = new Uint8Array(watchers);
  const delaysMs: number[] = [];
  let receivedCount = 0;
  let sentinelCount = 0;
  let streamProblems = 0;
  let firstProblem = '';
  let wake: (() => void) | undefined;
  const streams: LeanStream[] = [];
  let closing = false;

  const onLine = (watcher: number, bytes: Buffer, start: number, end: number, arrivedAt: number): void => {
    const seq = valueAfter(bytes, start, end, SEQ_MARKER);
    const sentAt = seq === undefined ? undefined : valueAfter(bytes, start, end, SENT_AT_MARKER);
    if (seq !== undefined && sentAt !== undefined) {
      const slot = watcher * events + Number(seq);
      if (received[slot] === 0) {
        received[slot] = 1;
        receivedCount++;
        delaysMs.push(arrivedAt - Number(sentAt));
        if (receivedCount === watchers * events) wake?.();
      }
    } else if (lineContains(bytes, start, end, SENTINEL_MARKER)) {
      if (sawSentinel[watcher] === 0) {
        sawSentinel[watcher] = 1;
        sentinelCount++;
        if (sentinelCount === watchers) wake?.();
      }
    } else if (bytes.indexOf(ERROR_MARKER, start) === start) {
      streamProblems++;
      firstProblem ||= bytes.toString('utf8', start, Math.min(end, start + 300));
    }
  };

  const rv = await currentResourceVersion(target, control);
  const path = `${CONFIGMAPS_PATH}?watch=1&resourceVersion=${rv}`;
  const headers = authHeaders(target, false);
  const openStarted = performance.now();
  try {
    await runLoad({
      count: watchers,
      concurrency: options.openConcurrency,
      timeLimitMs: 120_000,
      op: async (watcher) => {
        let arrivedAt = 0;
        const lines = new LineSplitter((bytes, start, end) => onLine(watcher, bytes, start, end, arrivedAt));
        const stream = await openLeanStream(target, path, headers, {
          onBody: (bytes, start, end) => {
            arrivedAt = nowMs();
            lines.push(bytes.subarray(start, end));
          },
          onEnd: (reason) => {
            if (closing) return;
            streamProblems++;
            firstProblem ||= `watch ${watcher} ended early: ${reason}`;
          },
        });
        streams.push(stream);
      },
    });
    if (streams.length < watchers) throw new Error(`only ${streams.length} of ${watchers} watches opened within the time limit`);
    const openMs = performance.now() - openStarted;
    progress(`store: ${watchers} watches open in ${Math.round(openMs)} ms`);

    // A first object every stream must see proves every watch is registered before the clock starts.
    const createHeaders = authHeaders(target, true);
    await requestJson(control, { method: 'POST', path: CONFIGMAPS_PATH, headers: createHeaders, body: configMapJson(SENTINEL_NAME) });
    await until(() => sentinelCount === watchers, 30_000, (resolve) => (wake = resolve));
    if (sentinelCount < watchers) throw new Error(`only ${sentinelCount} of ${watchers} watches saw the first object within 30 s`);

    const paceStart = performance.now();
    for (let i = 0; i < events; i++) {
      const due = paceStart + i * options.intervalMs - performance.now();
      if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
      const sentAt = nowMs();
      const body = configMapJson(`watch-${i}`, { [SEQ_ANNOTATION]: String(i), [SENT_AT_ANNOTATION]: sentAt.toFixed(3) });
      await requestJson(control, { method: 'POST', path: CONFIGMAPS_PATH, headers: createHeaders, body });
    }
    await until(() => receivedCount === watchers * events, options.deliveryTimeoutMs, (resolve) => (wake = resolve));
    if (firstProblem !== '') progress(`store: watch problem: ${firstProblem}`);
    return { delaysMs, missing: watchers * events - receivedCount, streamProblems, openMs };
  } finally {
    closing = true;
    for (const stream of streams) stream.close();
  }
}

/** Resolves once `done()` holds (checked whenever `arm`'s callback is called) or after `timeoutMs`. */
async function until(done: () => boolean, timeoutMs: number, arm: (resolve: () => void) => void): Promise<void> {
  if (done()) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    arm(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
