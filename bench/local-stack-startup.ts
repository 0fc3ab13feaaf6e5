import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort } from '../infra/local/free-port';

/**
 * Starts the local stack as `npm start` does (`node_modules/.bin/tsx infra/local/main.ts`, cwd the
 * repository root, this process's environment plus PORT and DATA_DIR), measures spawn → first
 * `GET /health` = 200, stops it with SIGINT and checks that nothing it started is left running.
 *
 * The stack is spawned in its own process group, so a last-resort SIGKILL reaches every process
 * of it (tsx, its node child, the DynamoDB Local JVM) even when one of them has lost its parent.
 */
const rootDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const tsxBin = join(rootDir, 'node_modules', '.bin', 'tsx');

const POLL_INTERVAL_MS = 50;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
const READY_BANNER = 'Vehicle export is running locally';

export interface StartRun {
  readonly label: string;
  readonly port: number;
  /** Spawn → first `GET /health` answered 200. */
  readonly healthyMs: number;
  /** Spawn → the ready banner on stdout (printed after the demo seeding, so it can trail health). */
  readonly readyMs: number | null;
  /** Whether this start seeded the demo dealer (only an empty DATA_DIR should). */
  readonly seeded: boolean;
  /** The stack's process tree once ready (program names, the spawned tsx first). */
  readonly processes: string[];
  /** SIGINT → the spawned process exited. */
  readonly stopMs: number;
  readonly exitCode: number | null;
  readonly exitSignal: string | null;
  /** The stop needed SIGKILL of the process group (it did not end within the timeout). */
  readonly forcedKill: boolean;
  /** Processes alive after the exit that belonged to the stack (each was then SIGKILLed). */
  readonly leftovers: string[];
}

interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgrp: number;
  readonly state: string;
  /** With pid, identifies a process across pid reuse. */
  readonly startTime: string;
  readonly cmdline: string;
  /** Short program name: basename of argv[0], for node the script it runs. */
  readonly program: string;
}

const liveGroups = new Set<number>();

/** SIGKILLs every stack still running (for the bench's own exit paths). */
export function killAllStacks(): void {
  for (const pgid of liveGroups) killGroup(pgid);
  liveGroups.clear();
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function listProcesses(): ProcessInfo[] {
  if (!existsSync('/proc/self/stat')) return [];
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after "pid (comm)"; comm may itself hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const cmdline = argv.join(' ');
      found.push({
        pid: Number(entry),
        state: fields[0] ?? '?',
        ppid: Number(fields[1]),
        pgrp: Number(fields[2]),
        startTime: fields[19] ?? '',
        cmdline,
        program: programName(argv),
      });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

function programName(argv: readonly string[]): string {
  const name = basename(argv[0] ?? '?');
  if (name !== 'node') return name;
  const script = argv
    .slice(1)
    .find((arg, i, rest) => !arg.startsWith('-') && !/^--(require|import)$/.test(rest[i - 1] ?? ''));
  return script ? `node ${script.split('/').slice(-2).join('/')}` : 'node';
}

function treeOf(rootPid: number, processes: readonly ProcessInfo[]): ProcessInfo[] {
  const tree = processes.filter((p) => p.pid === rootPid);
  for (let i = 0; i < tree.length; i++) {
    const parent = tree[i];
    if (parent) tree.push(...processes.filter((p) => p.ppid === parent.pid));
  }
  return tree;
}

/**
 * What still runs of a stopped stack: a process seen in its tree before the stop, anything in its
 * process group, or any process whose command line names its DATA_DIR (the JVM's `-dbPath`).
 * Zombies are dead already and not counted.
 */
function findLeftovers(before: readonly ProcessInfo[], pgid: number, dataDir: string): ProcessInfo[] {
  const seen = new Set(before.map((p) => `${p.pid}/${p.startTime}`));
  return listProcesses().filter(
    (p) =>
      p.pid !== process.pid &&
      p.state !== 'Z' &&
      (seen.has(`${p.pid}/${p.startTime}`) || p.pgrp === pgid || p.cmdline.includes(dataDir)),
  );
}

function healthStatus(port: number): Promise<number | null> {
  return new Promise((resolveStatus) => {
    // A new connection per probe (agent: false, Connection: close): no idle keep-alive socket
    // is left to hold up the gateway's close when the stack stops.
    const req = request(
      { host: '127.0.0.1', port, path: '/health', method: 'GET', agent: false, timeout: 1000 },
      (res) => {
        res.resume();
        res.on('end', () => resolveStatus(res.statusCode ?? null));
        res.on('error', () => resolveStatus(null));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolveStatus(null));
    req.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, Math.max(0, ms)));

/** One start → healthy → ready → SIGINT → exit cycle on `dataDir`. */
export async function startAndStop(label: string, dataDir: string): Promise<StartRun> {
  const port = await freePort();
  let output = '';
  // Written by the child's event handlers, read by the loops below.
  const observed: {
    readyAt: number | null;
    exit: { at: number; code: number | null; signal: string | null } | null;
  } = {
    readyAt: null,
    exit: null,
  };

  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(tsxBin, ['infra/local/main.ts'], {
    cwd: rootDir,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the local stack');
  liveGroups.add(pid);
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      observed.exit = { at: performance.now(), code, signal };
      done();
    }),
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (observed.readyAt === null && output.includes(READY_BANNER)) observed.readyAt = performance.now();
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const tail = (): string => output.trim().split('\n').slice(-15).join('\n');

  try {
    let healthyAt: number | null = null;
    for (let attempt = 1; healthyAt === null; attempt++) {
      if (observed.exit) throw new Error(`the local stack exited before it was healthy:\n${tail()}`);
      if (performance.now() - spawnedAt > START_TIMEOUT_MS) {
        throw new Error(`not healthy within ${START_TIMEOUT_MS / 1000} s:\n${tail()}`);
      }
      if ((await healthStatus(port)) === 200) healthyAt = performance.now();
      else await sleep(spawnedAt + attempt * POLL_INTERVAL_MS - performance.now());
    }
    // Stop only once fully started (after seeding), so every run stops the same thing.
    let readyAt = observed.readyAt;
    while (readyAt === null) {
      if (observed.exit) throw new Error(`the local stack exited before it was ready:\n${tail()}`);
      if (performance.now() - spawnedAt > START_TIMEOUT_MS) throw new Error(`no ready banner:\n${tail()}`);
      await sleep(POLL_INTERVAL_MS);
      readyAt = observed.readyAt;
    }

    const before = treeOf(pid, listProcesses());
    const stopSentAt = performance.now();
    process.kill(pid, 'SIGINT');
    let forcedKill = false;
    const timedOut = await Promise.race([exited.then(() => false), sleep(STOP_TIMEOUT_MS).then(() => true)]);
    if (timedOut) {
      forcedKill = true;
      killGroup(pid);
      await exited;
    }
    const exit = observed.exit;
    const stopMs = (exit?.at ?? performance.now()) - stopSentAt;

    const leftovers = findLeftovers(before, pid, dataDir);
    for (const p of leftovers) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    liveGroups.delete(pid);

    return {
      label,
      port,
      healthyMs: healthyAt - spawnedAt,
      readyMs: readyAt - spawnedAt,
      seeded: output.includes('demo dealer seeded'),
      processes: before.map((p) => p.program),
      stopMs,
      exitCode: exit?.code ?? null,
      exitSignal: exit?.signal ?? null,
      forcedKill,
      leftovers: leftovers.map((p) => `pid ${p.pid} (${p.state}): ${p.cmdline.slice(0, 160)}`),
    };
  } catch (error) {
    killGroup(pid);
    for (const p of findLeftovers([], pid, dataDir)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    liveGroups.delete(pid);
    throw error;
  }
}

/** Whether leftover processes can be checked here (Linux /proc). */
export const canCheckProcesses = existsSync('/proc/self/stat');
