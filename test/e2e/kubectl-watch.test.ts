import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { kubectlOk, kubectlStream } from './support/kubectl.ts';

/** kubectl get --watch: the initial rows, then a row for each change as it happens. */

let cluster: TestCluster;
const ok = (args: string[], input?: string): Promise<string> => kubectlOk(cluster.kubeconfig, args, input === undefined ? {} : { input });
const watchers: ChildProcess[] = [];

/** Starts `kubectl get --watch ...` and waits until the table header shows the watch is running. */
async function watch(args: string[], header: RegExp): Promise<ReturnType<typeof kubectlStream>> {
  const stream = kubectlStream(cluster.kubeconfig, ['get', ...args]);
  watchers.push(stream.child);
  await stream.waitFor(header);
  return stream;
}

/**
 * Starts a watch that prints nothing until the first event (--watch-only, or
 * a selector nothing matches yet) and waits until kubectl's request log shows
 * the watch was answered: it resumes from its list's resourceVersion, so no
 * later change is missed.
 */
async function silentWatch(args: string[]): Promise<ReturnType<typeof kubectlStream>> {
  const stream = kubectlStream(cluster.kubeconfig, ['get', ...args, '-v=6']);
  watchers.push(stream.child);
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`the watch did not start:\n${log}`)), 15_000);
    stream.child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (/GET https:\/\/\S+watch=true\S* 200 OK/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return stream;
}

beforeAll(async () => {
  cluster = await startCluster();
  await ok(['apply', '-f', 'test/fixtures/manifests/deployment.yaml']);
  await ok(['create', 'configmap', 'existing', '--from-literal=a=1']);
});

afterEach(() => {
  for (const child of watchers.splice(0)) child.kill();
});

afterAll(async () => {
  await cluster.stop();
});

describe('kubectl get --watch', () => {
  it('lists what exists, then prints a row when an object is created, changed and deleted', async () => {
    const stream = await watch(['configmaps', '--watch'], /^NAME\s+DATA\s+AGE$/);
    await stream.waitFor(/^existing\s+1\s+\d+s$/);
    await ok(['create', 'configmap', 'watched', '--from-literal=a=1']);
    await stream.waitFor(/^watched\s+1\s+\d+s$/);
    await ok(['patch', 'configmap', 'watched', '--type=merge', '-p', '{"data":{"b":"2"}}']);
    await stream.waitFor(/^watched\s+2\s+\d+s$/);
    await ok(['delete', 'configmap', 'watched']);
    await expect.poll(() => stream.lines.filter((l) => l.startsWith('watched ')).length).toBe(3);
    // No change of anything else was printed.
    expect(stream.lines.filter((l) => !/^(NAME|existing|watched)\s/.test(l))).toEqual([]);
  });

  it('--output-watch-events names each event: ADDED, MODIFIED, DELETED', async () => {
    const stream = await watch(['configmaps', '--watch', '--output-watch-events'], /^EVENT\s+NAME\s+DATA\s+AGE$/);
    await stream.waitFor(/^ADDED\s+existing\s+1\s+\d+s$/);
    await ok(['create', 'configmap', 'evented', '--from-literal=a=1']);
    await stream.waitFor(/^ADDED\s+evented\s+1\s+\d+s$/);
    await ok(['label', 'configmap', 'evented', 'seen=yes']);
    await stream.waitFor(/^MODIFIED\s+evented\s+1\s+\d+s$/);
    await ok(['delete', 'configmap', 'evented']);
    await stream.waitFor(/^DELETED\s+evented\s+1\s+\d+s$/);
  });

  it('--watch-only skips the initial list', async () => {
    const stream = await silentWatch(['configmaps', '--watch-only', '--output-watch-events']);
    await ok(['create', 'configmap', 'fresh', '--from-literal=a=1']);
    await stream.waitFor(/^ADDED\s+fresh\s+1\s+\d+s$/);
    expect(stream.lines.some((l) => l.includes('existing'))).toBe(false);
  });

  it('with a label selector, an object that stops matching is DELETED and one that starts matching is ADDED', async () => {
    const stream = await silentWatch(['configmaps', '-l', 'team=blue', '--watch', '--output-watch-events']);
    await ok(['create', 'configmap', 'paint', '--from-literal=a=1']);
    await ok(['label', 'configmap', 'paint', 'team=blue']);
    await stream.waitFor(/^ADDED\s+paint\s+1\s+\d+s$/);
    await ok(['label', 'configmap', 'paint', 'team=red', '--overwrite']);
    await stream.waitFor(/^DELETED\s+paint\s+1\s+\d+s$/);
    await ok(['label', 'configmap', 'existing', 'team=blue']);
    await stream.waitFor(/^ADDED\s+existing\s+1\s+\d+s$/);
    expect(stream.lines.filter((l) => l.includes('paint'))).toHaveLength(2);
  });

  it('a deployment scaled while watched shows the new desired count', async () => {
    const stream = await watch(['deployment', 'nginx-deployment', '--watch'], /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    await stream.waitFor(/^nginx-deployment\s+0\/3\s+0\s+0\s+\d+s$/);
    await ok(['scale', 'deployment', 'nginx-deployment', '--replicas=5']);
    await stream.waitFor(/^nginx-deployment\s+0\/5\s+0\s+0\s+\d+s$/);
  });

  it('-o name and -o json stream too', async () => {
    await ok(['run', 'first', '--image=nginx:1.14.2']);
    const names = await watch(['pods', '--watch', '-o', 'name'], /^pod\/first$/);
    const json = await watch(['pods', '--watch', '-o', 'json'], /^\s{8}"name": "first",$/);
    // Both watches are running now (kubectl lists, then watches from the list's resourceVersion).
    await ok(['apply', '-f', 'test/fixtures/manifests/pod-probes.yaml']);
    await names.waitFor(/^pod\/liveness-http$/);
    await json.waitFor(/^\s{8}"name": "liveness-http",$/);
    expect(json.lines.filter((l) => l === '    "kind": "Pod",')).toHaveLength(2);
  });
});
