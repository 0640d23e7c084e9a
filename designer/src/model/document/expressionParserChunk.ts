// Its own chunk (see expressionParser.ts). It brings the engine's zod schemas in, so noEval first.
import '../../app/noEval';

export { parseExpression } from '@flowline/engine';
