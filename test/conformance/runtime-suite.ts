import type { TestContext } from 'vitest';
import type { ContainerRuntime, ContainerSpec, PodSandbox, PodSandboxSpec, RuntimeCapabilities } from '../../core/contracts/runtime.ts';

/** What the conformance suite's case files share: the runtime under test (set in beforeAll) and helpers bound to it. */
export interface RuntimeSuite {
  readonly runtime: ContainerRuntime;
  readonly nodeName: string;
  readonly image: string;
  /** a runtime for another node, cleaned up with the suite */
  newRuntime(nodeName: string): Promise<ContainerRuntime>;
  /** skips the running test unless the runtime declares the capability */
  requires(ctx: TestContext, capability: keyof RuntimeCapabilities): void;
  newSandbox(overrides?: Partial<PodSandboxSpec>): Promise<PodSandbox>;
  /** creates and starts a container in `sandbox`; returns its id */
  run(sandbox: PodSandbox, overrides: Partial<ContainerSpec>): Promise<string>;
}

export const TEST_TIMEOUT = 20_000;
