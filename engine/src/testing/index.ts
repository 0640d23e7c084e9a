/** Test helpers for engine users: readable definitions, a test catalog, canned responders. */
export { aWorkflow, n, parseEdge } from './definitionBuilder';
export { testCatalog } from './testCatalog';
export { happyResponder } from './responders';
export {
  validDefinition,
  richDefinition,
  invalidDefinition,
  shapeToDefinition,
  MUTATIONS,
  type Block,
  type Mutation,
} from './arbitraries';
export { adversarialExpression, adversarialInput } from './expressionArbitraries';
export { generatedWorkflow } from './generatedWorkflow';
