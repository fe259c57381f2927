import { homedir } from 'node:os';
import { RuntimeError, type ContainerSpec } from '../../core/index.ts';
import type { Launch } from './records.ts';

/** Docker's PATH for an image that sets none; used when the agent itself has no PATH. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface LaunchContext {
  /** the pod's hostname, given to the command as $HOSTNAME since the host's own cannot change */
  hostname: string;
  /** the directory the command runs in when the spec has no workingDir */
  defaultWorkDir: string;
  /** $PATH of every container */
  path: string;
}

/**
 * How a container spec runs as a host process. There is no image, hence no
 * entrypoint or cmd to keep: the command line is `command` followed by `args`,
 * and one of them must be given. The environment is not the agent's (it may
 * hold credentials): PATH, HOME and HOSTNAME, as Docker sets them, then the
 * spec's variables, which win.
 */
export function launchOf(spec: ContainerSpec, context: LaunchContext): Launch {
  const argv = [...spec.command, ...spec.args];
  const [executable] = argv;
  if (executable === undefined || executable === '') {
    throw new RuntimeError('RUNTIME_ERR_CREATE', 'process runtime needs a command: the container has neither command nor args, and there is no image entrypoint to run');
  }
  const env: Record<string, string> = { PATH: context.path, HOME: homedir(), HOSTNAME: context.hostname };
  if (spec.tty) env['TERM'] = 'xterm';
  for (const variable of spec.env) env[variable.name] = variable.value;
  const cwd = spec.workingDir === undefined || spec.workingDir === '' ? context.defaultWorkDir : spec.workingDir;
  return { argv, env, cwd };
}
