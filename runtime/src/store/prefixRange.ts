/**
 * The strings starting with `prefix`, as a half-open range [from, below) in code point order,
 * which is how SQLite (BINARY) and MongoDB (no collation) compare text: both compare UTF-8 bytes.
 * A range is what an index on the column serves; LIKE and an unanchored match would not.
 */
export function prefixRange(prefix: string): { from: string; below: string } {
  const points = [...prefix].map((char) => char.codePointAt(0)!);
  // The smallest string after every one with the prefix: its last code point that can grow, grown.
  while (points.length > 0) {
    const last = points.pop()!;
    if (last === 0x10ffff) continue;
    // Surrogates are not characters (UTF-8 cannot hold them): the next one after U+D7FF is U+E000.
    points.push(last === 0xd7ff ? 0xe000 : last + 1);
    return { from: prefix, below: String.fromCodePoint(...points) };
  }
  throw new RangeError('A prefix of only U+10FFFF has no end');
}
