import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach } from 'vitest';
import type { ContainerRuntime, PodSandbox } from '../../core/index.ts';
import { containerSpec, removeEverything, sandboxSpec, startContainer, uniqueNodeName } from '../../test/conformance/runtime-harness.ts';
import { processRuntimeFactory } from './index.ts';

/** the image the process runtime only records */
export const IMAGE = 'kubernel/busybox:latest';

export interface TestRuntimes {
  /** a runtime on a fresh state directory, or on `stateDir` to play a restarted agent */
  make(options?: { stateDir?: string; nodeName?: string }): Promise<{ runtime: ContainerRuntime; stateDir: string; nodeName: string }>;
  /** a sandbox and a started container running `command` */
  run(runtime: ContainerRuntime, command: string[], overrides?: Parameters<typeof containerSpec>[2]): Promise<{ id: string; sandbox: PodSandbox }>;
}

/** Runtimes for one test file; after each test every container they list is killed and every state directory removed. */
export function useProcessRuntimes(): TestRuntimes {
  const made: ContainerRuntime[] = [];
  const dirs = new Set<string>();
  afterEach(async () => {
    for (const runtime of made.splice(0)) {
      await removeEverything(runtime);
      await runtime.close?.();
    }
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    dirs.clear();
  });
  return {
    async make(options = {}) {
      const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'kubernel-process-runtime-')));
      dirs.add(stateDir);
      const nodeName = options.nodeName ?? uniqueNodeName('process');
      const runtime = await processRuntimeFactory.create({}, { nodeName, stateDir, logger: pino({ level: 'silent' }) });
      made.push(runtime);
      return { runtime, stateDir, nodeName };
    },
    async run(runtime, command, overrides = {}) {
      const sandbox = await runtime.runPodSandbox(sandboxSpec());
      const id = await startContainer(runtime, containerSpec(sandbox, IMAGE, { command, ...overrides }));
      return { id, sandbox };
    },
  };
}

/** whether any live process (not a zombie waiting for its reaper) is left in the process group `pgid` */
export function groupAlive(pgid: number): boolean {
  if (process.platform !== 'linux') {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}
