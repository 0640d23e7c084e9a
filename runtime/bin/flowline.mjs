#!/usr/bin/env node
// The `flowline` command: runs src/cli/main.ts through tsx, as the package's other scripts run.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
