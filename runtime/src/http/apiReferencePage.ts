/**
 * A self-contained API reference page: it fetches the OpenAPI document and lists every operation
 * with its parameters and schemas. No CDN (the runtime may have no internet) and no inline
 * script (the Content-Security-Policy forbids it), so the script is served from the same origin.
 */
export function apiReferencePage(specUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flowline API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1d2433}
h1{font-size:1.6rem}section{border:1px solid #dde;border-radius:8px;margin:.8rem 0;padding:.6rem 1rem}
.m{display:inline-block;min-width:4.2rem;font-weight:700}.get{color:#0a6}.post{color:#06c}.put{color:#a60}.delete{color:#c33}
pre{background:#f5f6fa;padding:.6rem;border-radius:6px;overflow:auto;font-size:12px}</style></head>
<body><h1>Flowline API reference</h1><p>Machine-readable: <a href="${specUrl}">${specUrl}</a> (OpenAPI 3.1). Authenticate with <code>Authorization: Bearer &lt;API token&gt;</code> or the designer's session.</p>
<div id="ops">Loading…</div><script src="/api/docs.js" data-spec="${specUrl}"></script></body></html>`;
}

/** The page's script: renders operations with textContent only (never HTML from the document). */
export const apiReferenceScript = `(async () => {
  const spec = await (await fetch(document.currentScript?.dataset.spec || '/api/openapi.json')).json();
  const root = document.getElementById('ops'); root.textContent = '';
  for (const [path, ops] of Object.entries(spec.paths || {})) for (const [method, op] of Object.entries(ops)) {
    const s = document.createElement('section');
    const h = document.createElement('h3');
    const m = document.createElement('span'); m.className = 'm ' + method; m.textContent = method.toUpperCase();
    h.append(m, ' ' + path); s.append(h);
    if (op.summary || op.description) { const p = document.createElement('p'); p.textContent = op.summary || op.description; s.append(p); }
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify({ parameters: op.parameters, requestBody: op.requestBody, responses: Object.keys(op.responses || {}) }, null, 2);
    s.append(pre); root.append(s);
  }
})();`;
