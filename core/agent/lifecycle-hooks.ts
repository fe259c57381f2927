/**
 * Container lifecycle hooks (postStart, preStop): an exec in the container,
 * an HTTP GET to the pod, or a sleep, as kubelet's handlerRunner runs them.
 */
import { request } from 'node:http';
import { isRecord } from '../api/types/meta.ts';
import type { ContainerRuntime } from '../contracts/runtime.ts';
import type { ContainerView } from './pod-view.ts';

export type HookName = 'postStart' | 'preStop';

export interface HookTarget {
  runtime: ContainerRuntime;
  containerId: string;
  container: ContainerView;
  podIP: string;
}

/** the hook's handler, if the container declares one */
export function hookOf(container: ContainerView, name: HookName): Record<string, unknown> | undefined {
  const lifecycle = container.spec['lifecycle'];
  if (!isRecord(lifecycle)) return undefined;
  const handler = lifecycle[name];
  return isRecord(handler) ? handler : undefined;
}

/** Runs the handler; resolves with an error message when it failed, undefined when it succeeded. */
export async function runHook(handler: Record<string, unknown>, target: HookTarget, timeoutMs: number): Promise<string | undefined> {
  if (isRecord(handler['exec'])) return runExec(handler['exec'], target, timeoutMs);
  if (isRecord(handler['httpGet'])) return runHttpGet(handler['httpGet'], target, timeoutMs);
  if (isRecord(handler['sleep'])) {
    const seconds = typeof handler['sleep']['seconds'] === 'number' ? handler['sleep']['seconds'] : 0;
    await new Promise((resolve) => setTimeout(resolve, Math.min(seconds * 1000, timeoutMs)));
    return undefined;
  }
  return 'no handler specified';
}

async function runExec(exec: Record<string, unknown>, target: HookTarget, timeoutMs: number): Promise<string | undefined> {
  const command = Array.isArray(exec['command']) ? exec['command'].filter((c): c is string => typeof c === 'string') : [];
  if (target.runtime.exec === undefined) return `the ${target.runtime.name} runtime cannot exec`;
  const session = await target.runtime.exec(target.containerId, { command, tty: false, stdin: false });
  let output = '';
  const collect = (chunk: Buffer): void => {
    if (output.length < 4096) output += chunk.toString('utf8');
  };
  session.stdout.on('data', collect);
  session.stderr?.on('data', collect);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<number>((resolve) => {
    timer = setTimeout(() => resolve(-1), timeoutMs);
  });
  const code = await Promise.race([session.exitCode, timedOut]);
  clearTimeout(timer);
  if (code === -1) return `command '${command.join(' ')}' timed out`;
  return code === 0 ? undefined : `command '${command.join(' ')}' exited with ${code}: ${output}`;
}

function runHttpGet(get: Record<string, unknown>, target: HookTarget, timeoutMs: number): Promise<string | undefined> {
  const rawPort = get['port'];
  const port = typeof rawPort === 'number' ? rawPort : typeof rawPort === 'string' ? (target.container.namedPorts.get(rawPort) ?? Number(rawPort)) : NaN;
  const host = typeof get['host'] === 'string' && get['host'] !== '' ? get['host'] : target.podIP;
  const path = typeof get['path'] === 'string' ? get['path'] : '/';
  return new Promise((resolve) => {
    if (!Number.isInteger(port)) {
      resolve(`invalid port ${String(rawPort)}`);
      return;
    }
    const req = request({ host, port, path, method: 'GET', timeout: timeoutMs, headers: { 'User-Agent': 'kube-lifecycle/1.32' } }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status >= 200 && status < 400 ? undefined : `HTTP lifecycle hook (${path}) for Container "${target.container.name}" returned status ${status}`);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve(`Get "http://${host}:${port}${path}": ${error.message}`));
    req.end();
  });
}
