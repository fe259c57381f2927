import { describe, expect, it } from 'vitest';
import { isRuntimeError, type ContainerSpec } from '../../core/index.ts';
import { launchOf } from './launch.ts';

const context = { hostname: 'web-0', defaultWorkDir: '/state/containers/abc/work', path: '/usr/bin:/bin' };

function spec(overrides: Partial<ContainerSpec>): ContainerSpec {
  return {
    sandboxId: 's', podUid: 'u', namespace: 'default', podName: 'web-0', name: 'main', attempt: 0, image: 'busybox',
    command: [], args: [], env: [], mounts: [], resources: {}, tty: false, stdin: false, stdinOnce: false, labels: {},
    ...overrides,
  };
}

describe('launchOf', () => {
  it.each([
    { command: ['sh', '-c', 'echo "$@"', 'sh'], args: ['a', 'b'], argv: ['sh', '-c', 'echo "$@"', 'sh', 'a', 'b'] },
    { command: ['sleep', '30'], args: [], argv: ['sleep', '30'] },
    { command: [], args: ['echo', 'args-only'], argv: ['echo', 'args-only'] },
  ])('runs command followed by args: $argv', ({ command, args, argv }) => {
    expect(launchOf(spec({ command, args }), context).argv).toEqual(argv);
  });

  it.each([
    { command: [], args: [] },
    { command: [''], args: ['x'] },
  ])('refuses a container with no command ($command, $args) with RUNTIME_ERR_CREATE', ({ command, args }) => {
    let error: unknown;
    try {
      launchOf(spec({ command, args }), context);
    } catch (caught) {
      error = caught;
    }
    expect(isRuntimeError(error, 'RUNTIME_ERR_CREATE')).toBe(true);
    expect(String(error)).toContain('process runtime needs a command');
  });

  it('gives PATH, HOME and the pod hostname, and lets the spec override them; nothing else of the agent leaks', () => {
    const { env } = launchOf(spec({ command: ['env'], env: [{ name: 'PATH', value: '/opt/bin' }, { name: 'GREETING', value: 'hi' }] }), context);
    expect(env).toMatchObject({ PATH: '/opt/bin', HOSTNAME: 'web-0', GREETING: 'hi' });
    expect(env['HOME']).toBeTypeOf('string');
    expect(Object.keys(env).sort()).toEqual(['GREETING', 'HOME', 'HOSTNAME', 'PATH']);
    expect(launchOf(spec({ command: ['env'], tty: true }), context).env['TERM']).toBe('xterm');
  });

  it.each([
    { workingDir: undefined, cwd: context.defaultWorkDir },
    { workingDir: '', cwd: context.defaultWorkDir },
    { workingDir: '/tmp', cwd: '/tmp' },
  ])('runs in workingDir $workingDir, else in the container directory', ({ workingDir, cwd }) => {
    const withDir = workingDir === undefined ? {} : { workingDir };
    expect(launchOf(spec({ command: ['pwd'], ...withDir }), context).cwd).toBe(cwd);
  });
});
