import { describe, expect, it } from 'vitest';
import { EXEC_UNSUPPORTED, execProbe } from './exec-probe.ts';
import type { ProbeExec } from './types.ts';

function execAnswering(exitCode: number, output: string): ProbeExec {
  return async () => ({ exitCode, output });
}

describe('exec probe', () => {
  it.each([
    [0, 'all good\n', 'success'],
    [1, "cat: can't open '/tmp/healthy': No such file or directory\n", 'failure'],
    [137, '', 'failure'],
  ] as const)('exit %i is a %s showing the output', async (exitCode, output, result) => {
    expect(await execProbe(execAnswering(exitCode, output), 'c1', ['cat', '/tmp/healthy'], 1000)).toEqual({ result, output });
  });

  it('runs the command in the container it probes, with the timeout', async () => {
    const calls: unknown[] = [];
    const exec: ProbeExec = async (...args) => {
      calls.push(args);
      return { exitCode: 0, output: '' };
    };
    await execProbe(exec, 'abc123', ['sh', '-c', 'true'], 2500);
    expect(calls).toEqual([['abc123', ['sh', '-c', 'true'], 2500]]);
  });

  it('fails a command still running at the timeout', async () => {
    const never: ProbeExec = () => new Promise(() => undefined);
    expect(await execProbe(never, 'c1', ['sh', '-c', 'sleep 10'], 30)).toEqual({
      result: 'failure',
      output: 'command "sh -c sleep 10" timed out',
    });
  });

  it('takes a TimeoutError from the runtime as a timeout', async () => {
    const exec: ProbeExec = async () => {
      const error = new Error('deadline');
      error.name = 'TimeoutError';
      throw error;
    };
    expect((await execProbe(exec, 'c1', ['x'], 1000)).output).toBe('command "x" timed out');
  });

  it('is an error, not a failure, when the command cannot run', async () => {
    const exec: ProbeExec = async () => {
      throw new Error('container not running');
    };
    expect(await execProbe(exec, 'c1', ['x'], 1000)).toEqual({ result: 'unknown', output: '', error: 'container not running' });
  });

  it('is an error when the runtime has no exec', async () => {
    expect(await execProbe(undefined, 'c1', ['x'], 1000)).toEqual({ result: 'unknown', output: '', error: EXEC_UNSUPPORTED });
  });

  it('keeps at most 10 KiB of output', async () => {
    const run = await execProbe(execAnswering(1, 'z'.repeat(20_000)), 'c1', ['x'], 1000);
    expect(run.output).toHaveLength(10 * 1024);
  });
});
