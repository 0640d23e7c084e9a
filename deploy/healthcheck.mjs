/* global process, fetch, AbortSignal */
// The container's HEALTHCHECK: healthy while GET /readyz answers 200 (the store can commit).
const port = process.env.FLOWLINE_PORT || '3000';
try {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(4000) });
  process.exit(response.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
