// The designer's unit tests (vitest setupFiles): the app loads the expression parser the first
// time an edit needs it (whenReady); tests of those edits run with it loaded, as the app does.
import { loadExpressionParser } from '../document/expressionParser';

await loadExpressionParser();
