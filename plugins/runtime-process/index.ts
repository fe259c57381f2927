import { containerRuntimes, definePlugin, type ContainerRuntimeFactory } from '../../core/index.ts';
import { DEFAULT_PATH } from './launch.ts';
import { processRuntimeOptionsSchema, type ProcessRuntimeOptions } from './options.ts';
import { ProcessRuntime } from './runtime.ts';

export { ProcessRuntime } from './runtime.ts';

/**
 * The process container runtime (`--runtime process`), like Nomad's
 * raw_exec: a container's command runs as a plain host process, for
 * machines without Docker. No isolation, images, mounts or limits; see README.md.
 */
export const processRuntimeFactory: ContainerRuntimeFactory<ProcessRuntimeOptions> = {
  name: 'process',
  optionsSchema: processRuntimeOptionsSchema,
  available() {
    if (process.platform === 'win32') return Promise.resolve({ ok: false, reason: 'the process runtime needs POSIX process groups and signals (Linux or macOS)' });
    return Promise.resolve({ ok: true });
  },
  create(options, context) {
    return ProcessRuntime.create({
      nodeName: context.nodeName,
      stateDir: context.stateDir,
      logger: context.logger,
      path: options.path ?? process.env['PATH'] ?? DEFAULT_PATH,
    });
  },
};

export default definePlugin({
  name: 'runtime/process',
  version: '0.1.0',
  description: 'Container runtime that runs each container command as a host process (like Nomad raw_exec), for machines without Docker',
  register(registrar) {
    registrar.contribute(containerRuntimes, processRuntimeFactory);
  },
});
