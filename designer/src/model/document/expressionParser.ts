import type { parseExpression } from '@flowline/engine';

export type ParseExpression = typeof parseExpression;

/**
 * The engine's expression parser (CEL, about 28 KB gzipped with the library), which only the
 * edits that rewrite expressions need: renaming a step's id, duplicate and paste. It is loaded the
 * first time one of them is asked for, not with the editor; `whenReady` in actions.ts says when.
 */
let loaded: ParseExpression | undefined;
let loading: Promise<ParseExpression> | undefined;

/** The parser, once loaded. */
export const expressionParser = (): ParseExpression | undefined => loaded;

/** Loads the parser once (a failed load, offline or after a deploy, is tried again next time). */
export function loadExpressionParser(): Promise<ParseExpression> {
  loading ??= import('./expressionParserChunk').then(
    (module) => (loaded = module.parseExpression),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
