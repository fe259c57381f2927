/**
 * Helpers for the container-runtime conformance suite: spec builders with
 * names unique per run, stream readers with deadlines, and polling on a
 * container's state. Shared by the suite and by runtime-specific tests.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ContainerInfo, ContainerRuntime, ContainerSpec, PodSandbox, PodSandboxSpec } from '../../core/contracts/runtime.ts';

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A node name unique per run (a valid label value), so that parallel runs on one engine never see each other. */
export function uniqueNodeName(prefix: string): string {
  const base = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 40).replace(/^-+|-+$/g, '');
  return `${base || 'node'}-${uniqueSuffix()}`;
}

export function sandboxSpec(overrides: Partial<PodSandboxSpec> = {}): PodSandboxSpec {
  const name = `pod-${uniqueSuffix()}`;
  return {
    podUid: randomUUID(),
    namespace: 'conformance',
    name,
    hostname: name,
    labels: {},
    portMappings: [],
    hostNetwork: false,
    ...overrides,
  };
}

export function containerSpec(sandbox: PodSandbox, image: string, overrides: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    sandboxId: sandbox.id,
    podUid: sandbox.podUid,
    namespace: sandbox.namespace,
    podName: sandbox.name,
    name: 'main',
    attempt: 0,
    image,
    command: [],
    args: [],
    env: [],
    mounts: [],
    resources: {},
    tty: false,
    stdin: false,
    stdinOnce: false,
    labels: {},
    ...overrides,
  };
}

/** Creates and starts a container; returns its id. */
export async function startContainer(runtime: ContainerRuntime, spec: ContainerSpec): Promise<string> {
  const id = await runtime.createContainer(spec);
  await runtime.startContainer(id);
  return id;
}

/** Polls inspectContainer until `condition` holds; returns the info that satisfied it. */
export async function waitForContainer(
  runtime: ContainerRuntime,
  id: string,
  condition: (info: ContainerInfo) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<ContainerInfo> {
  const deadline = Date.now() + timeoutMs;
  let last: ContainerInfo | undefined;
  while (Date.now() < deadline) {
    last = await runtime.inspectContainer(id);
    if (condition(last)) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for container ${id} to be ${what}; last seen: ${JSON.stringify(last)}`);
}

export function waitForExit(runtime: ContainerRuntime, id: string, timeoutMs = 10_000): Promise<ContainerInfo> {
  return waitForContainer(runtime, id, (info) => info.state === 'exited', 'exited', timeoutMs);
}

/** Reads a stream to its end; fails (and destroys it) when it does not end in time. */
export function readAll(stream: Readable, timeoutMs = 10_000): Promise<string> {
  return readUntil(stream, () => false, timeoutMs, true);
}

/**
 * Reads until `done(text)` holds (or the stream ends, when `toEnd`). Without
 * `toEnd`, an end before `done` holds is a failure, and the stream is left
 * open once it does: the caller owns it.
 */
export function readUntil(stream: Readable, done: (text: string) => boolean, timeoutMs = 10_000, toEnd = false): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
      if (error === undefined) resolve(text);
      else reject(error);
    };
    const onData = (chunk: Buffer | string): void => {
      text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      if (!toEnd && done(text)) finish();
    };
    const onEnd = (): void => finish(toEnd || done(text) ? undefined : new Error(`stream ended before the expected output; got ${JSON.stringify(text)}`));
    const onError = (error: Error): void => finish(error);
    const timer = setTimeout(() => {
      stream.destroy();
      finish(new Error(`timed out after ${timeoutMs} ms reading a stream; got ${JSON.stringify(text)}`));
    }, timeoutMs);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onEnd);
    stream.once('error', onError);
  });
}

/** The whole (non-follow) log of a container, polled until `done(text)` holds: log writes land asynchronously. */
export async function waitForLogs(runtime: ContainerRuntime, id: string, done: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await readAll(await runtime.logs(id, { follow: false, timestamps: false }), timeoutMs);
    if (done(text)) return text;
    await sleep(100);
  }
  throw new Error(`timed out waiting for the logs of ${id}; got ${JSON.stringify(text)}`);
}

export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Stops and removes every container and sandbox the runtime lists for its node; the suite's last word. */
export async function removeEverything(runtime: ContainerRuntime): Promise<void> {
  const containers = await runtime.listContainers();
  await Promise.allSettled(containers.map(async (c) => {
    await runtime.stopContainer(c.id, 0);
    await runtime.removeContainer(c.id);
  }));
  const sandboxes = await runtime.listPodSandboxes();
  await Promise.allSettled(sandboxes.map(async (s) => {
    await runtime.stopPodSandbox(s.id);
    await runtime.removePodSandbox(s.id);
  }));
}
