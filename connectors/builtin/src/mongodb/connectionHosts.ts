/**
 * The host names of a `mongodb://` connection string, without ports or credentials; empty for
 * `mongodb+srv://`, whose hosts only DNS knows (the guarded lookup checks those as they connect).
 */
export function connectionHosts(connectionString: string): string[] {
  const match = /^mongodb:\/\/(?:[^@/]*@)?([^/?]+)/.exec(connectionString);
  if (!match?.[1]) return [];
  return match[1].split(',').map((entry) => {
    const host = decodeURIComponent(entry.trim());
    if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
    return host.replace(/:\d+$/, '');
  });
}
