// Process entry: `pnpm start`. Loads config, opens the embedded store, publishes the examples,
// serves the API and starts workers; shuts down gracefully on SIGINT/SIGTERM.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { ConfigError, readConfig } from './config';
import { createLogDestination, exitOnOutputFailure } from './observability/processOutput';
import { startServer } from './server';
import { describeStartFailure } from './startFailure';

async function main(): Promise<void> {
  // A process that cannot write its output (disk full, closed pipe) exits non-zero at once
  // rather than hanging: the log, the banner on stdout, anything on stderr.
  const outputFailed = exitOnOutputFailure();
  process.stdout.on('error', (error) => outputFailed(error, 'stdout'));
  process.stderr.on('error', (error) => outputFailed(error, 'stderr'));
  const logDestination = createLogDestination((error) => outputFailed(error, 'the log (stdout)'));
  let config;
  try {
    let warnings: string[];
    ({ config, warnings } = readConfig());
    for (const warning of warnings) console.error(`Configuration: ${warning}`);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  let server;
  try {
    mkdirSync(resolve(config.dataDir), { recursive: true });
    server = await startServer(config, { serve, logDestination });
  } catch (error) {
    const sentence = describeStartFailure(error);
    if (sentence === undefined) throw error;
    console.error(sentence);
    process.exit(1);
  }
  const shutdown = async (signal: string) => {
    server.logger.info({ signal }, 'shutting down: finishing claimed work');
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
