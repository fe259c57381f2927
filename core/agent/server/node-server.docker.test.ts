import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerRuntime } from '../../../plugins/runtime-docker/docker-runtime.ts';
import { dockerRuntimeOptionsSchema } from '../../../plugins/runtime-docker/options.ts';
import { containerSpec, removeEverything, sandboxSpec, startContainer, uniqueNodeName, waitForLogs } from '../../../test/conformance/runtime-harness.ts';
import { dockerAvailable, TEST_IMAGE } from '../../../test/support/docker.ts';
import { startNodeServer } from './node-server.ts';
import { execOverWebSocket, execQuery, message } from './test-support/exec-client.ts';
import type { NodeServer } from './types.ts';

const docker = await dockerAvailable();
const TOKEN = 'docker-node-server-token';

/** The node server over the real Docker runtime: what `kubectl logs` and `kubectl exec` reach on a Docker node. */
describe.skipIf(!docker)('node server on the Docker runtime', () => {
  const logger = pino({ level: 'silent' });
  const runtime = new DockerRuntime(dockerRuntimeOptionsSchema.parse({}), { nodeName: uniqueNodeName('node-server'), logger });
  let server: NodeServer;
  let containerId = '';

  beforeAll(async () => {
    const sandbox = await runtime.runPodSandbox(sandboxSpec());
    containerId = await startContainer(runtime, containerSpec(sandbox, TEST_IMAGE, { command: ['sh', '-c', 'echo one; echo two; sleep 3600'] }));
    await waitForLogs(runtime, containerId, (text) => text.includes('two'));
    server = await startNodeServer({
      host: '127.0.0.1',
      port: 0,
      runtime,
      logger,
      authorize: async (token) => token === TOKEN,
      resolve: async () => ({ containerId }),
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await removeEverything(runtime);
  }, 60_000);

  const execUrl = (query: Record<string, string | string[]>): string => `ws://127.0.0.1:${server.port}/exec/default/web/app?${execQuery(query)}`;

  it('serves the container log with a tail', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/containerLogs/default/web/app?tailLines=1`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(await res.text()).toBe('two\n');
  });

  it('runs a command in the container, with its output and exit code', async () => {
    const result = await execOverWebSocket(execUrl({ command: ['sh', '-c', 'echo hi; echo oops >&2; exit 3'], output: '1', error: '1' }), TOKEN);
    expect(result).toMatchObject({ protocol: 'v5.channel.k8s.io', stdout: 'hi\n', stderr: 'oops\n' });
    expect(result.status).toMatchObject({ reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } });
  });

  it('feeds stdin until the CLOSE signal', async () => {
    const result = await execOverWebSocket(execUrl({ command: ['cat'], input: '1', output: '1', error: '1' }), TOKEN, {
      onOpen: (ws) => {
        ws.send(message(0, 'typed in\n'));
        ws.send(message(255, [0]));
      },
    });
    expect(result.stdout).toBe('typed in\n');
    expect(result.status).toEqual({ metadata: {}, status: 'Success' });
  });

  it('sizes the terminal of a TTY session', async () => {
    const result = await execOverWebSocket(execUrl({ command: ['sh', '-c', 'sleep 0.5; stty size'], input: '1', output: '1', tty: '1' }), TOKEN, {
      onOpen: (ws) => ws.send(message(4, '{"Width":132,"Height":43}')),
    });
    expect(result.stdout.trim()).toBe('43 132');
    expect(result.status).toEqual({ metadata: {}, status: 'Success' });
  });
});
