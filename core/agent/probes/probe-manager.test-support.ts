/**
 * Test support for the ProbeManager suites: a real HTTP target on 127.0.0.1,
 * managers on a sped-up clock (one spec second = 10 ms) without jitter, and
 * the results and events they reported. State is reset in place before each
 * test, so a suite may destructure it once.
 */
import http from 'node:http';
import { pino } from 'pino';
import { afterEach, beforeEach, vi } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { listeningPort } from './listening-port.test-support.ts';
import { ProbeManager, type ProbeManagerOptions } from './probe-manager.ts';
import type { ProbeResultEvent, ProbeRunEvent } from './types.ts';

export const TIME_SCALE = 0.01;

export interface ProbeTargetState {
  port: number;
  status: number;
  /** accept requests and never answer them */
  hang: boolean;
  hits: number;
  /** when the first request came, in Date.now() milliseconds; 0 before */
  firstHitAt: number;
  /** the status of the n-th request (from 1), when a test needs a pattern */
  statusOf: ((hit: number) => number) | undefined;
}

export interface ProbeHarness {
  target: ProbeTargetState;
  /** each with the request count when the result changed: it shows which run crossed the threshold */
  changes: (ProbeResultEvent & { hits: number })[];
  runEvents: ProbeRunEvent[];
  manager(options?: Partial<ProbeManagerOptions>): ProbeManager;
  /** an httpGet probe of the target, 10 ms period, generous 0.5 s timeout so a busy machine does not fail it */
  httpProbe(extra?: Record<string, unknown>): Record<string, unknown>;
}

export function useProbeHarness(): ProbeHarness {
  const target: ProbeTargetState = { port: 0, status: 200, hang: false, hits: 0, firstHitAt: 0, statusOf: undefined };
  const changes: ProbeHarness['changes'] = [];
  const runEvents: ProbeRunEvent[] = [];
  const managers: ProbeManager[] = [];
  let server: http.Server | undefined;

  beforeEach(async () => {
    Object.assign(target, { status: 200, hang: false, hits: 0, firstHitAt: 0, statusOf: undefined });
    changes.splice(0);
    runEvents.splice(0);
    const created = http.createServer((_req, res) => {
      target.hits++;
      target.firstHitAt ||= Date.now();
      if (target.hang) return;
      res.statusCode = target.statusOf?.(target.hits) ?? target.status;
      res.end();
    });
    server = created;
    await new Promise<void>((resolve) => created.listen(0, '127.0.0.1', resolve));
    target.port = listeningPort(created);
  });

  afterEach(async () => {
    for (const manager of managers.splice(0)) manager.stop();
    const closing = server;
    if (closing !== undefined) {
      closing.closeAllConnections();
      await new Promise((resolve) => closing.close(resolve));
    }
    vi.restoreAllMocks();
  });

  return {
    target,
    changes,
    runEvents,
    manager(options = {}) {
      const created = new ProbeManager({
        exec: undefined,
        onChange: (event) => changes.push({ ...event, hits: target.hits }),
        onProbeEvent: (event) => runEvents.push(event),
        logger: pino({ level: 'silent' }),
        jitter: false,
        timeScale: TIME_SCALE,
        ...options,
      });
      managers.push(created);
      return created;
    },
    httpProbe(extra = {}) {
      return { httpGet: { port: target.port, path: '/healthz' }, periodSeconds: 1, timeoutSeconds: 50, ...extra };
    },
  };
}

export function pod(uid = 'pod-1', deleting = false): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { uid, name: 'web', namespace: 'default', ...(deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
  };
}

export async function eventually(check: () => void, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
