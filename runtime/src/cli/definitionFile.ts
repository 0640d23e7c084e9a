import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Why a file could not be read as JSON: a usage problem (exit 2), never a validation issue. */
export interface FileProblem {
  readonly code: 'FILE_NOT_FOUND' | 'FILE_UNREADABLE' | 'INVALID_JSON';
  readonly message: string;
  /** For INVALID_JSON: where the parser stopped, 1-based. */
  readonly line?: number;
  readonly column?: number;
}

export type LoadedFile =
  | { readonly ok: true; readonly file: string; readonly document: unknown }
  | { readonly ok: false; readonly file: string; readonly problem: FileProblem };

/** Reads a JSON file named on the command line (relative to `cwd`). */
export async function loadJsonFile(file: string, cwd: string): Promise<LoadedFile> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem: FileProblem =
      code === 'ENOENT'
        ? { code: 'FILE_NOT_FOUND', message: 'no such file' }
        : code === 'EISDIR'
          ? { code: 'FILE_UNREADABLE', message: 'is a directory, not a file' }
          : { code: 'FILE_UNREADABLE', message: `cannot be read (${code ?? (error as Error).message})` };
    return { ok: false, file, problem };
  }
  const parsed = parseJson(text);
  return parsed.ok
    ? { ok: true, file, document: parsed.value }
    : { ok: false, file, problem: parsed.problem };
}

/** JSON.parse with the position turned into a line and column (node 20 gives only an offset). */
export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false; problem: FileProblem } {
  // Editors on Windows may save a byte-order mark; it is not part of the JSON.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? text.length);
    const { line, column } = lineAndColumn(text, position);
    const reason = message
      .replace(/\s*in JSON at position \d+.*$/, '')
      .replace(/\s*\(line \d+ column \d+\)$/, '');
    return {
      ok: false,
      problem: {
        code: 'INVALID_JSON',
        message: `is not valid JSON at line ${line}, column ${column}: ${reason || 'unexpected input'}`,
        line,
        column,
      },
    };
  }
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** The sentence for a file problem, starting with the file's name. */
export const fileProblemSentence = (file: string, problem: FileProblem): string =>
  `${file}: ${problem.message}`;
