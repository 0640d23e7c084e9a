import { config } from 'zod/v4/core';

// The engine's schemas are zod. Left alone, zod probes `new Function('')` to compile fast
// parsers, which the page's Content-Security-Policy (no 'unsafe-eval') refuses and reports as a
// violation. Parsing without that JIT is plenty fast for one definition. Workers that parse
// with the engine import this first too.
config({ jitless: true });
