import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

/** A child process the bench started, with its output kept for failure messages. */
export interface Child {
  readonly process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startChild(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): Child {
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  process.once('exit', () => child.kill('SIGKILL'));
  return {
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const hard = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(hard);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process and its children (n8n may run task runners), MiB; Linux /proc. */
export function rssMiB(pid: number): number {
  const pids = [pid, ...childrenOf(pid)];
  let kib = 0;
  for (const p of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kib += match ? Number(match[1]) : 0;
    } catch {
      // gone meanwhile
    }
  }
  return kib / 1024;
}

/**
 * CPU time (user + system) a process and its children used so far, in ms; Linux /proc, clock
 * ticks of 10 ms. Per finished execution it says what one costs whatever the machine's load; with
 * the wall time, how much of a core the process had.
 */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of [pid, ...childrenOf(pid)]) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks * 10;
}

function childrenOf(pid: number): number[] {
  try {
    const direct = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return direct.flatMap((child) => [child, ...childrenOf(child)]);
  } catch {
    return [];
  }
}

/** Bytes of the files that exist among these (a SQLite file with its -wal and -shm). */
export function filesBytes(paths: readonly string[]): number {
  let total = 0;
  for (const path of paths) {
    try {
      total += statSync(path).size;
    } catch {
      // not there
    }
  }
  return total;
}

export async function waitForHttp(url: string, deadlineMs: number, child: Child): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (child.process.exitCode !== null)
      throw new Error(`the process exited while starting:\n${child.output().slice(-4000)}`);
    if (Date.now() > until)
      throw new Error(`${url} did not answer within ${deadlineMs} ms:\n${child.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
