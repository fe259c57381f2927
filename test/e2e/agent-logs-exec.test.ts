/**
 * Acceptance (issue 4): `kubectl logs`, `logs -f`, `logs --previous`,
 * `--tail` and `exec` (WebSockets, kubectl 1.32's default) reach a pod's
 * containers through the API server and the node agent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dockerAvailable, TEST_IMAGE } from '../support/docker.ts';
import { podState, useAgentCluster } from './support/agents.ts';
import { eventually } from './support/eventually.ts';
import { kubectl, kubectlOk, kubectlStream } from './support/kubectl.ts';

const docker = await dockerAvailable();

describe.skipIf(!docker)('kubectl logs and exec', () => {
  const env = useAgentCluster({ crashLoopBackOff: { initialSeconds: 1, maxSeconds: 2 } });

  beforeAll(async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'talker' },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [
          // Prints a numbered line a second; exits after line 3 on its first run only (a marker file in an emptyDir survives the restart).
          {
            name: 'app',
            image: TEST_IMAGE,
            imagePullPolicy: 'Never',
            command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "line $i"; if [ $i = 3 ] && [ ! -f /data/ran ]; then touch /data/ran; echo bye >&2; exit 7; fi; sleep 1; done'],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
          { name: 'side', image: TEST_IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', 'echo side-car up; sleep 3600'] },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    };
    await kubectlOk(env.cluster.kubeconfig, ['apply', '-f', '-'], { input: JSON.stringify(pod) });
    await eventually(async () => {
      const state = await podState(env.cluster, 'talker');
      if (state.container['restartCount'] !== 1) throw new Error('not restarted yet');
    }, 60_000, 200);
  }, 120_000);


  it('defaults to the first container, as kubectl 1.32 does, and says so', async () => {
    const result = await kubectl(env.cluster.kubeconfig, ['logs', 'talker']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Defaulted container "app" out of: app, side');
    expect(result.stdout).toContain('line 1\n');
  });

  it('prints the logs of a container, the last N lines with --tail', async () => {
    expect(await kubectlOk(env.cluster.kubeconfig, ['logs', 'talker', '-c', 'side'])).toBe('side-car up\n');
    const logs = await eventually(async () => {
      const text = await kubectlOk(env.cluster.kubeconfig, ['logs', 'talker', '-c', 'app']);
      if (!text.includes('line 2')) throw new Error(text);
      return text;
    });
    expect(logs.startsWith('line 1\n')).toBe(true);
    const tail = await kubectlOk(env.cluster.kubeconfig, ['logs', 'talker', '-c', 'app', '--tail', '1']);
    expect(tail.trim().split('\n')).toHaveLength(1);
  });

  it('prints the previous instance with --previous', async () => {
    const previous = await kubectlOk(env.cluster.kubeconfig, ['logs', 'talker', '-c', 'app', '--previous']);
    expect(previous).toBe('line 1\nline 2\nline 3\nbye\n');
  });

  it('follows with -f', async () => {
    const stream = kubectlStream(env.cluster.kubeconfig, ['logs', '-f', 'talker', '-c', 'app', '--tail', '1']);
    try {
      const now = (await podState(env.cluster, 'talker')).container;
      expect(now['restartCount']).toBe(1);
      const first = await stream.waitFor(/^line (\d+)$/, 10_000);
      const n = Number(/(\d+)/.exec(first)?.[1]);
      await stream.waitFor(new RegExp(`^line ${n + 2}$`), 10_000);
    } finally {
      stream.child.kill();
    }
  });

  it('runs a command with exec, passing its exit code and stdin', async () => {
    expect(await kubectlOk(env.cluster.kubeconfig, ['exec', 'talker', '-c', 'side', '--', 'echo', 'hello from inside'])).toBe('hello from inside\n');
    const failed = await kubectl(env.cluster.kubeconfig, ['exec', 'talker', '-c', 'side', '--', 'sh', '-c', 'echo oops >&2; exit 3']);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('oops');
    const piped = await kubectlOk(env.cluster.kubeconfig, ['exec', '-i', 'talker', '-c', 'side', '--', 'sh', '-c', 'tr a-z A-Z'], { input: 'shout\n' });
    expect(piped).toBe('SHOUT\n');
  });
});
