import { containerRuntimes, definePlugin, type ContainerRuntimeFactory } from '../../core/index.ts';
import { DOCKER_RUNTIME, DockerRuntime, pingDocker } from './docker-runtime.ts';
import { dockerRuntimeOptionsSchema, type DockerRuntimeOptions } from './options.ts';

export { DockerRuntime, pingDocker } from './docker-runtime.ts';
export { dockerRuntimeOptionsSchema, type DockerRuntimeOptions } from './options.ts';

/**
 * Runs a node's pods as Docker containers, the way dockershim did: one
 * sandbox container per pod holding its network, the pod's containers
 * joined to it, everything labelled with the node's name so that several
 * agents can share one engine.
 */
export default definePlugin({
  name: 'runtime/docker',
  version: '0.1.0',
  description: 'Container runtime on a Docker engine (dockershim-style pod sandboxes)',
  register(registrar) {
    const factory: ContainerRuntimeFactory<DockerRuntimeOptions> = {
      name: DOCKER_RUNTIME,
      optionsSchema: dockerRuntimeOptionsSchema,
      available: (options) => pingDocker(options),
      create: (options, context) => DockerRuntime.connect(options, { nodeName: context.nodeName, logger: context.logger }),
    };
    registrar.contribute(containerRuntimes, factory);
  },
});
