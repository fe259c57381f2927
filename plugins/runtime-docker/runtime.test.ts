import { afterAll, describe, expect, it } from 'vitest';
import Docker from 'dockerode';
import pino from 'pino';
import { isRuntimeError, RuntimeLabels, type PodSandbox } from '../../core/index.ts';
import { dockerAvailable, TEST_IMAGE } from '../../test/support/docker.ts';
import { describeRuntimeConformance } from '../../test/conformance/runtime.conformance.ts';
import { containerSpec, lines, readAll, removeEverything, sandboxSpec, startContainer, uniqueNodeName, uniqueSuffix, waitForExit, waitForLogs } from '../../test/conformance/runtime-harness.ts';
import { DockerRuntime } from './docker-runtime.ts';
import { dockerRuntimeOptionsSchema } from './options.ts';

const docker = await dockerAvailable();
const logger = pino({ level: 'silent' });
const options = dockerRuntimeOptionsSchema.parse({});

describeRuntimeConformance('docker', async ({ nodeName }) => DockerRuntime.connect(options, { nodeName, logger }), { image: TEST_IMAGE, skip: !docker });

describe.skipIf(!docker)('DockerRuntime on a Docker engine', () => {
  const nodeName = uniqueNodeName('docker-specific');
  const runtime = new DockerRuntime(options, { nodeName, logger });
  const engine = new Docker();

  afterAll(async () => {
    await removeEverything(runtime);
    // anything a failed test left behind under this node's name
    const leftovers = await engine.listContainers({ all: true, filters: { label: [`${RuntimeLabels.node}=${nodeName}`] } });
    await Promise.allSettled(leftovers.map((c) => engine.getContainer(c.Id).remove({ force: true })));
  });

  async function sandbox(overrides: Parameters<typeof sandboxSpec>[0] = {}): Promise<PodSandbox> {
    return runtime.runPodSandbox(sandboxSpec(overrides));
  }

  /**
   * A sandbox publishing 8080 on a port below Linux's ephemeral range (32768 up), where
   * no client socket of the other tests takes one; one that a listener took meanwhile
   * is given up for another.
   */
  async function sandboxWithFreeHostPort(): Promise<{ pod: PodSandbox; hostPort: number }> {
    for (let attempt = 1; ; attempt++) {
      const hostPort = 20_000 + Math.floor(Math.random() * 12_000);
      try {
        return { pod: await sandbox({ portMappings: [{ containerPort: 8080, hostPort, protocol: 'TCP', hostIP: '' }] }), hostPort };
      } catch (error) {
        if (attempt >= 5 || !String(error).includes('address already in use')) throw error;
      }
    }
  }

  it('publishes a hostPort on 127.0.0.1', { timeout: 20_000 }, async () => {
    const { pod, hostPort } = await sandboxWithFreeHostPort();
    const id = await startContainer(runtime, containerSpec(pod, TEST_IMAGE, { command: ['sh', '-c', 'echo served-by-busybox > /tmp/index.html; httpd -f -p 8080 -h /tmp'] }));
    expect((await engine.getContainer(pod.id).inspect()).HostConfig.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }] });
    let body = '';
    for (let i = 0; i < 40 && body === ''; i++) {
      body = await fetch(`http://127.0.0.1:${hostPort}/index.html`).then((r) => (r.ok ? r.text() : ''), () => '');
      if (body === '') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(body).toBe('served-by-busybox\n');
    await runtime.stopContainer(id, 0);
  });

  it('gives the pod its hostname, seen by a second container over localhost', { timeout: 20_000 }, async () => {
    const hostname = `host-${uniqueSuffix()}`;
    const pod = await sandbox({ hostname });
    // busybox httpd serves /etc, where Docker wrote the sandbox's hostname; the client shares the sandbox's network
    await startContainer(runtime, containerSpec(pod, TEST_IMAGE, { name: 'server', command: ['httpd', '-f', '-p', '8080', '-h', '/etc'] }));
    const client = await startContainer(runtime, containerSpec(pod, TEST_IMAGE, {
      name: 'client',
      command: ['sh', '-c', 'for i in $(seq 1 40); do wget -q -O - http://127.0.0.1:8080/hostname && hostname && exit 0; sleep 0.25; done; exit 1'],
    }));
    expect(await waitForExit(runtime, client, 15_000)).toMatchObject({ exitCode: 0 });
    expect(lines(await waitForLogs(runtime, client, (t) => t.split(hostname).length === 3))).toEqual([hostname, hostname]);
  });

  it('execs with a TTY: output on stdout only, and resize reaches the terminal', { timeout: 20_000 }, async () => {
    const pod = await sandbox();
    const id = await startContainer(runtime, containerSpec(pod, TEST_IMAGE, { command: ['sh', '-c', 'sleep 30'] }));
    const session = await runtime.exec(id, { command: ['sh', '-c', 'sleep 1; stty size; echo to-err >&2'], tty: true, stdin: false });
    expect(session.stderr).toBeUndefined();
    await session.resize(100, 40);
    const output = await readAll(session.stdout);
    expect(output.split(/\r?\n/).filter((l) => l !== '')).toEqual(['40 100', 'to-err']);
    expect(await session.exitCode).toBe(0);
  });

  it('reads the log of a container with a TTY', { timeout: 20_000 }, async () => {
    const pod = await sandbox();
    const id = await startContainer(runtime, containerSpec(pod, TEST_IMAGE, { tty: true, command: ['sh', '-c', 'echo on-a-terminal'] }));
    await waitForExit(runtime, id);
    expect(await waitForLogs(runtime, id, (t) => t.includes('on-a-terminal'))).toBe('on-a-terminal\r\n');
  });

  it('fails to pull a missing image with IfNotPresent with the engine’s reason', { timeout: 20_000 }, async () => {
    const missing = `kubernel/missing-${uniqueSuffix()}:v1`;
    const error: unknown = await runtime.ensureImage(missing, 'IfNotPresent').catch((e: unknown) => e);
    expect(isRuntimeError(error, 'RUNTIME_ERR_IMAGE_PULL')).toBe(true);
    expect(String(error)).toMatch(new RegExp(`Failed to pull image "${missing}": Error response from daemon: .+`));
  });

  it('pulls with Always even when the image is present, and fails without a registry', { timeout: 20_000 }, async () => {
    const error: unknown = await runtime.ensureImage(TEST_IMAGE, 'Always').catch((e: unknown) => e);
    expect(isRuntimeError(error, 'RUNTIME_ERR_IMAGE_PULL')).toBe(true);
  });

  it('reports the local image by its content id, with the default tag applied', async () => {
    const ref = await runtime.ensureImage('kubernel/busybox', 'IfNotPresent');
    const id = (await engine.getImage(TEST_IMAGE).inspect()).Id;
    expect(ref).toEqual({ image: 'kubernel/busybox:latest', imageId: `docker://${id}` });
  });

  it('sets the memory limit, CPU shares and quota, and dockershim names and labels', { timeout: 20_000 }, async () => {
    const pod = await sandbox();
    const spec = containerSpec(pod, TEST_IMAGE, {
      name: 'limited',
      attempt: 2,
      command: ['sh', '-c', 'sleep 30'],
      resources: { cpuRequestMillis: 250, cpuLimitMillis: 500, memoryLimitBytes: 64 * 1024 * 1024 },
    });
    const id = await runtime.createContainer(spec);
    const inspect = await engine.getContainer(id).inspect();
    expect(inspect.HostConfig).toMatchObject({ Memory: 64 * 1024 * 1024, CpuShares: 256, NanoCpus: 500_000_000, NetworkMode: `container:${pod.id}` });
    expect(inspect.Name).toBe(`/k8s_limited_${pod.name}_${pod.namespace}_${pod.podUid}_2`);
    expect(inspect.Config.Labels).toMatchObject({
      [RuntimeLabels.node]: nodeName,
      [RuntimeLabels.type]: 'container',
      [RuntimeLabels.containerName]: 'limited',
      [RuntimeLabels.attempt]: '2',
      'io.kubernetes.sandbox.id': pod.id,
    });
    const sandboxInspect = await engine.getContainer(pod.id).inspect();
    expect(sandboxInspect.Config.Labels).toMatchObject({ [RuntimeLabels.type]: 'podsandbox', [RuntimeLabels.node]: nodeName });
    expect(sandboxInspect.Name).toBe(`/k8s_POD_${pod.name}_${pod.namespace}_${pod.podUid}_0`);
  });

  it('writes the pod’s DNS settings to resolv.conf', { timeout: 20_000 }, async () => {
    const pod = await sandbox({ dns: { nameservers: ['10.96.0.10'], searches: ['default.svc.cluster.local', 'svc.cluster.local'], options: ['ndots:5'] } });
    const id = await startContainer(runtime, containerSpec(pod, TEST_IMAGE, { command: ['cat', '/etc/resolv.conf'] }));
    await waitForExit(runtime, id);
    const text = await waitForLogs(runtime, id, (t) => t.includes('nameserver'));
    expect(lines(text)).toEqual(expect.arrayContaining(['nameserver 10.96.0.10', 'search default.svc.cluster.local svc.cluster.local', 'options ndots:5']));
  });

  it('mounts read-only', { timeout: 20_000 }, async () => {
    const pod = await sandbox();
    const id = await startContainer(runtime, containerSpec(pod, TEST_IMAGE, {
      command: ['sh', '-c', 'touch /mnt/ro/x'],
      mounts: [{ hostPath: '/tmp', containerPath: '/mnt/ro', readOnly: true }],
    }));
    expect(await waitForExit(runtime, id)).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('kills a container over its memory limit and reports OOMKilled when the engine saw it', { timeout: 20_000 }, async () => {
    const pod = await sandbox();
    const id = await startContainer(runtime, containerSpec(pod, TEST_IMAGE, {
      // a shell variable doubling until it holds far more than 8 MiB
      command: ['sh', '-c', 'x=0123456789abcdef; while true; do x="$x$x"; done'],
      resources: { memoryLimitBytes: 8 * 1024 * 1024 },
    }));
    const info = await waitForExit(runtime, id, 15_000);
    // the engine sets its OOMKilled flag from an event that can lose the race with the exit; kubelet on Docker had the same
    const flagged = (await engine.getContainer(id).inspect()).State.OOMKilled;
    expect(info).toMatchObject({ state: 'exited', exitCode: 137, reason: flagged ? 'OOMKilled' : 'Error' });
  });

  it('refuses a container for a missing sandbox with RUNTIME_ERR_CREATE', async () => {
    const pod = await sandbox();
    await runtime.removePodSandbox(pod.id);
    const error: unknown = await runtime.createContainer(containerSpec(pod, TEST_IMAGE, { command: ['true'] })).catch((e: unknown) => e);
    expect(isRuntimeError(error, 'RUNTIME_ERR_CREATE')).toBe(true);
  });

  it('gives a hostNetwork pod the host’s network and its hostIP as pod IP', { timeout: 20_000 }, async () => {
    const pod = await sandbox({ hostNetwork: true });
    expect(pod.ip).toBe('127.0.0.1');
    expect((await engine.getContainer(pod.id).inspect()).HostConfig.NetworkMode).toBe('host');
  });
});
