/** ⌘ on macOS, Ctrl elsewhere (the model's `Mod`). */
export const isMac = (): boolean =>
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** `Mod+Shift+Z` as the user's keyboard names it: `Ctrl+Shift+Z` or `⌘⇧Z`. */
export function keyLabel(keys: string, mac = isMac()): string {
  const names: Record<string, string> = mac
    ? { Mod: '⌘', Shift: '⇧', Alt: '⌥', ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓' }
    : { Mod: 'Ctrl', ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', Escape: 'Esc' };
  return keys
    .split('+')
    .map((part) => names[part] ?? part)
    .join(mac ? '' : '+');
}

/** Typing goes to the field, not to the canvas's shortcuts (inputs, text areas, CodeMirror). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .cm-editor'))
    return true;
  return false;
}
