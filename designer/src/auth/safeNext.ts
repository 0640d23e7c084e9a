/**
 * Where to go after signing in: a path of this app only (never `//evil.example` or a URL); by
 * default `/`, which leads each user to the screen that fits their roles (app/homePage).
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in') || next.startsWith('/api/')) return '/';
  return next;
}
