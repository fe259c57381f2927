import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRuntimeError, RuntimeLabels, type ContainerRuntime } from '../../core/contracts/runtime.ts';
import { describeContainerCases } from './runtime-container-cases.ts';
import { describeExecAndNetworkCases } from './runtime-exec-network-cases.ts';
import { containerSpec, removeEverything, sandboxSpec, startContainer, uniqueNodeName, uniqueSuffix } from './runtime-harness.ts';
import { TEST_TIMEOUT, type RuntimeSuite } from './runtime-suite.ts';

export interface RuntimeConformanceContext {
  nodeName: string;
  stateDir: string;
}

export interface RuntimeConformanceOptions {
  /** an image with /bin/sh and busybox tools (httpd, wget, cat, sleep) and no ENTRYPOINT */
  image: string;
  skip?: boolean;
}

/**
 * The ContainerRuntime contract, as every runtime (Docker, process, ...) must
 * honour it. Cases that need a capability the runtime does not declare are
 * skipped, so the suite checks both that declared capabilities work and that
 * the common core (sandboxes, containers, logs, exit codes) works everywhere.
 * Commands are ones a busybox image and a host shell both run. Every runtime
 * serves a node name unique to the run; the suite removes all it listed at the end.
 */
export function describeRuntimeConformance(
  name: string,
  makeRuntime: (context: RuntimeConformanceContext) => Promise<ContainerRuntime>,
  options: RuntimeConformanceOptions,
): void {
  describe.skipIf(options.skip === true)(`ContainerRuntime conformance: ${name}`, () => {
    const made: { runtime: ContainerRuntime; stateDir: string }[] = [];
    let current: ContainerRuntime | undefined;
    const nodeName = uniqueNodeName(`conformance-${name}`);

    async function newRuntime(node: string): Promise<ContainerRuntime> {
      const stateDir = await mkdtemp(join(tmpdir(), `kubernel-runtime-${node}-`));
      const created = await makeRuntime({ nodeName: node, stateDir });
      made.push({ runtime: created, stateDir });
      return created;
    }

    const suite: RuntimeSuite = {
      get runtime(): ContainerRuntime {
        if (current === undefined) throw new Error('the runtime under test is made in beforeAll');
        return current;
      },
      nodeName,
      image: options.image,
      newRuntime,
      requires(ctx, capability) {
        if (!suite.runtime.capabilities[capability]) ctx.skip();
      },
      newSandbox: (overrides = {}) => suite.runtime.runPodSandbox(sandboxSpec(overrides)),
      run: (sandbox, overrides) => startContainer(suite.runtime, containerSpec(sandbox, options.image, overrides)),
    };

    beforeAll(async () => {
      current = await newRuntime(nodeName);
    });

    afterAll(async () => {
      for (const { runtime, stateDir } of made) {
        await removeEverything(runtime);
        await runtime.close?.();
        await rm(stateDir, { recursive: true, force: true });
      }
    });

    describe('identity and images', () => {
      it('reports a version of the form runtime://version', async () => {
        expect(await suite.runtime.version()).toMatch(/^[a-z][a-z0-9-]*:\/\/\S+$/);
      });

      it('makes the test image present with IfNotPresent and names its content id', async () => {
        const ref = await suite.runtime.ensureImage(suite.image, 'IfNotPresent');
        expect(ref.image).not.toBe('');
        expect(ref.imageId).not.toBe('');
      });

      it('refuses a missing image with pull policy Never', { timeout: TEST_TIMEOUT }, async (ctx) => {
        suite.requires(ctx, 'images');
        const missing = `kubernel/conformance-missing-${uniqueSuffix()}:v1`;
        const error: unknown = await suite.runtime.ensureImage(missing, 'Never').catch((e: unknown) => e);
        expect(isRuntimeError(error, 'RUNTIME_ERR_IMAGE_NEVER_PULL')).toBe(true);
        expect(String(error)).toContain(`Container image "${missing}" is not present with pull policy of Never`);
      });

      it('refuses an invalid image reference', async (ctx) => {
        suite.requires(ctx, 'images');
        const error: unknown = await suite.runtime.ensureImage('Not A Valid::Image', 'IfNotPresent').catch((e: unknown) => e);
        expect(isRuntimeError(error, 'RUNTIME_ERR_INVALID_IMAGE_NAME')).toBe(true);
      });
    });

    describe('pod sandboxes', () => {
      it('runs, lists, stops and removes a sandbox with its labels', { timeout: TEST_TIMEOUT }, async () => {
        const spec = sandboxSpec({ labels: { app: 'conformance' } });
        const sandbox = await suite.runtime.runPodSandbox(spec);
        expect(sandbox).toMatchObject({ podUid: spec.podUid, namespace: spec.namespace, name: spec.name, state: 'ready' });
        expect(sandbox.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
        expect(sandbox.createdAt).toBeInstanceOf(Date);

        const listed = (await suite.runtime.listPodSandboxes()).find((s) => s.id === sandbox.id);
        expect(listed).toMatchObject({ podUid: spec.podUid, state: 'ready' });
        expect(listed?.labels).toMatchObject({ app: 'conformance', [RuntimeLabels.node]: nodeName, [RuntimeLabels.podUid]: spec.podUid });

        await suite.runtime.stopPodSandbox(sandbox.id);
        expect((await suite.runtime.listPodSandboxes()).find((s) => s.id === sandbox.id)?.state).toBe('notready');

        await suite.runtime.removePodSandbox(sandbox.id);
        expect((await suite.runtime.listPodSandboxes()).map((s) => s.id)).not.toContain(sandbox.id);
        await expect(suite.runtime.removePodSandbox(sandbox.id)).resolves.toBeUndefined();
      });

      it('removes the containers of a removed sandbox', { timeout: TEST_TIMEOUT }, async () => {
        const sandbox = await suite.newSandbox();
        const id = await suite.run(sandbox, { command: ['sh', '-c', 'sleep 30'] });
        await suite.runtime.stopContainer(id, 0);
        await suite.runtime.stopPodSandbox(sandbox.id);
        await suite.runtime.removePodSandbox(sandbox.id);
        expect((await suite.runtime.listContainers({ podUid: sandbox.podUid })).map((c) => c.id)).not.toContain(id);
      });
    });

    describeContainerCases(suite);
    describeExecAndNetworkCases(suite, name);
  });
}
