/** Where to go after signing in: a path of this app only (never `//evil.example` or a URL). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/workflows';
  if (next.startsWith('/sign-in') || next.startsWith('/api/')) return '/workflows';
  return next;
}
