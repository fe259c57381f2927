import { execFile, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';

/** What the proxier needs from the host; a double in unit tests. */
export interface Iptables {
  /** `iptables-restore -w --noflush`, the text on stdin; rejects with its stderr */
  restore(text: string): Promise<void>;
  /** `iptables-save -t TABLE` */
  save(table: 'filter' | 'nat'): Promise<string>;
  /** `iptables -w ARGS`: true on exit 0, false on exit 1 (a -C that found nothing, a -D with nothing to delete) */
  run(args: readonly string[]): Promise<boolean>;
}

const TIMEOUT_MS = 30_000;

export const hostIptables: Iptables = {
  restore: (text) =>
    new Promise((resolve, reject) => {
      const child = spawn('iptables-restore', ['-w', '5', '--noflush'], { stdio: ['pipe', 'ignore', 'pipe'], timeout: TIMEOUT_MS });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`iptables-restore exited with ${code ?? 'a signal'}: ${stderr.trim()}`))));
      child.stdin.end(text);
    }),
  save: (table) =>
    new Promise((resolve, reject) => {
      execFile('iptables-save', ['-t', table], { timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error === null) resolve(String(stdout));
        else reject(new Error(String(stderr).trim() || error.message));
      });
    }),
  run: (args) =>
    new Promise((resolve, reject) => {
      execFile('iptables', ['-w', '5', ...args], { timeout: TIMEOUT_MS }, (error, _stdout, stderr) => {
        if (error === null) resolve(true);
        else if (error.code === 1) resolve(false);
        else reject(new Error(String(stderr).trim() || error.message));
      });
    }),
};

/**
 * Why this host cannot run the plugin, or undefined: the three tools must be
 * there, and reading the nat table must work (it needs root or
 * CAP_NET_ADMIN, and a kernel with NAT). Asking iptables itself, rather
 * than checking the uid, is right for a container given only CAP_NET_ADMIN.
 */
export async function iptablesUnavailable(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const tool of ['iptables-restore', 'iptables-save']) {
    const problem = await tryCommand(tool, ['--version'], env);
    if (problem !== undefined) return problem;
  }
  return tryCommand('iptables', ['-w', '5', '-t', 'nat', '-S', 'OUTPUT'], env);
}

function tryCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: TIMEOUT_MS, env }, (error, _stdout, stderr) => {
      if (error === null) resolve(undefined);
      else if (error.code === 'ENOENT') resolve(`${command} is not installed`);
      else resolve(`\`${[command, ...args].join(' ')}\` failed (it needs root or CAP_NET_ADMIN): ${String(stderr).trim() || error.message}`);
    });
  });
}

/** The chain names an `iptables-save` dump declares (`:NAME POLICY [p:b]`). */
export function declaredChains(dump: string): string[] {
  const chains: string[] = [];
  for (const line of dump.split('\n')) {
    const match = /^:(\S+) /.exec(line);
    if (match?.[1] !== undefined) chains.push(match[1]);
  }
  return chains;
}

/** A sysctl under /proc/sys: read and write, a double in unit tests. */
export interface Sysctl {
  read(name: string): Promise<string | undefined>;
  write(name: string, value: string): Promise<void>;
}

const sysctlPath = (name: string): string => `/proc/sys/${name.replaceAll('.', '/')}`;

export const hostSysctl: Sysctl = {
  read: async (name) => {
    try {
      return (await readFile(sysctlPath(name), 'utf8')).trim();
    } catch {
      return undefined;
    }
  },
  write: (name, value) => writeFile(sysctlPath(name), value),
};
