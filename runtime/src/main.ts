// Process entry: `pnpm start`. Loads config, opens the embedded store, publishes the examples,
// serves the API and starts workers; shuts down gracefully on SIGINT/SIGTERM.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { ConfigError, readConfig } from './config';
import { startServer } from './server';

async function main(): Promise<void> {
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
  mkdirSync(resolve(config.dataDir), { recursive: true });
  const server = await startServer(config, { serve });
  const shutdown = async (signal: string) => {
    server.logger.info({ signal }, 'shutting down: finishing claimed work');
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
