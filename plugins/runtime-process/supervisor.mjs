// The process runtime's per-container supervisor. The agent starts it detached
// (own session) so that it and the command outlive the agent; it spawns the
// command in a session of its own, so that the runtime can signal the
// command's whole process group without hitting the supervisor, copies the
// command's output into a CRI-format log file, and writes the exit status
// when the command ends: the only way a later agent process can learn it.
//
// Plain ESM with node: imports only, so that it starts fast and runs without
// the TypeScript loader the agent may use. Usage: node supervisor.mjs DIR
// where DIR holds container.json (written by the runtime). It writes
// started.json (pid, start time) or, when the command cannot start,
// exit.json alone; the runtime waits for one of them.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: supervisor.mjs CONTAINER_DIR\n');
  process.exit(2);
}

// Signals meant for the container go to its process group, not to us; a stray
// one (a terminal, a broad kill) must not lose the exit status.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGPIPE']) process.on(signal, () => {});

/** @type {{ launch: { argv: string[]; env: Record<string, string>; cwd: string } }} */
const record = JSON.parse(readFileSync(join(dir, 'container.json'), 'utf8'));
const { argv, env, cwd } = record.launch;

// Nanosecond wall-clock times, as containerd writes them: ms from Date.now, the rest from the monotonic clock.
const wallBaseNs = BigInt(Date.now()) * 1_000_000n;
const monoBase = process.hrtime.bigint();
function nowRfc3339Nano() {
  const ns = wallBaseNs + (process.hrtime.bigint() - monoBase);
  const seconds = new Date(Number(ns / 1_000_000_000n) * 1000).toISOString().slice(0, 19);
  const fraction = String(ns % 1_000_000_000n).padStart(9, '0').replace(/0+$/, '');
  return `${seconds}${fraction === '' ? '' : `.${fraction}`}Z`;
}

function writeJsonAtomically(name, value) {
  const path = join(dir, name);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Linux: the process start time in clock ticks since boot, so that a reused pid is not taken for the container. */
function procStartTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function bootId() {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

// containerd's maximum log line; longer lines are split into partial ('P') records.
const MAX_RECORD_BYTES = 16 * 1024;
const logFd = openSync(join(dir, 'container.log'), 'a');

function writeRecord(stream, tag, content) {
  writeSync(logFd, Buffer.concat([Buffer.from(`${nowRfc3339Nano()} ${stream} ${tag} `), content, Buffer.from('\n')]));
}

/** Splits a stream into CRI log records: one 'F' record per line, 'P' for pieces of longer or unterminated ones. */
function logStream(readable, stream) {
  let pending = Buffer.alloc(0);
  readable.on('data', (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      const newline = pending.indexOf(10);
      if (newline !== -1 && newline <= MAX_RECORD_BYTES) {
        writeRecord(stream, 'F', pending.subarray(0, newline));
        pending = pending.subarray(newline + 1);
      } else if (pending.length > MAX_RECORD_BYTES) {
        writeRecord(stream, 'P', pending.subarray(0, MAX_RECORD_BYTES));
        pending = pending.subarray(MAX_RECORD_BYTES);
      } else {
        break;
      }
    }
  });
  return new Promise((resolve) => {
    const flush = () => {
      if (pending.length > 0) writeRecord(stream, 'P', pending);
      pending = Buffer.alloc(0);
      resolve();
    };
    readable.on('end', flush);
    readable.on('error', flush);
  });
}

/** What runc reports when the executable cannot be run: 127 not found, 126 not executable, 128 otherwise. */
function startFailure(error) {
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
  const name = argv[0] ?? '';
  if (code === 'ENOENT') {
    const missingDir = cwd !== '' && !existsDir(cwd);
    if (missingDir) return { exitCode: 128, message: `chdir to cwd ("${cwd}") set in config.json failed: no such file or directory` };
    const where = name.includes('/') ? 'no such file or directory' : 'executable file not found in $PATH';
    return { exitCode: 127, message: `exec: "${name}": ${where}` };
  }
  if (code === 'EACCES') return { exitCode: 126, message: `exec: "${name}": permission denied` };
  return { exitCode: 128, message: `exec: "${name}": ${error instanceof Error ? error.message : String(error)}` };
}

function existsDir(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const child = spawn(argv[0] ?? '', argv.slice(1), { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

child.on('error', (error) => {
  // Only a failed spawn lands here before 'spawn'; after it, exit/close tell the story.
  if (child.pid !== undefined) return;
  const failure = startFailure(error);
  writeJsonAtomically('exit.json', { exitCode: failure.exitCode, finishedAt: new Date().toISOString(), reason: 'StartError', message: failure.message });
  closeSync(logFd);
  process.exit(0);
});

child.once('spawn', () => {
  const pid = child.pid;
  writeJsonAtomically('started.json', {
    pid,
    supervisorPid: process.pid,
    startedAt: new Date().toISOString(),
    procStart: procStartTicks(pid),
    supervisorProcStart: procStartTicks(process.pid),
    bootId: bootId(),
  });
  const outputs = Promise.all([logStream(child.stdout, 'stdout'), logStream(child.stderr, 'stderr')]);
  child.once('exit', (code, signal) => {
    // As when a pid namespace's init dies: whatever the command left behind in its group goes too,
    // which also closes the pipes they may hold open.
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is empty already
    }
    const exitCode = code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));
    const finish = () => {
      writeJsonAtomically('exit.json', { exitCode, finishedAt: new Date().toISOString(), signal });
      closeSync(logFd);
      process.exit(0);
    };
    // A process that left its group could hold the pipes forever: do not wait for it long.
    const timer = setTimeout(finish, 2000);
    void outputs.then(() => {
      clearTimeout(timer);
      finish();
    });
  });
});
