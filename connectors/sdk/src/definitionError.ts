/** Why a connector or action definition was refused when the module loaded. */
export type DefinitionErrorCode =
  | 'INVALID_CONNECTOR_ID'
  | 'INVALID_ACTION_ID'
  | 'DUPLICATE_ACTION_ID'
  | 'INVALID_VERSION'
  | 'MISSING_TITLE'
  | 'MISSING_DESCRIPTION'
  | 'INVALID_TIMEOUT'
  | 'NO_ACTIONS'
  | 'CREDENTIAL_MISMATCH'
  | 'SETTINGS_MISMATCH'
  | 'INVALID_CREDENTIAL'
  | 'INVALID_SCHEMA';

/**
 * Thrown by `defineConnector` / `defineAction` for a programmer error in the definition itself, so a
 * broken connector fails at import time instead of in the middle of a workflow.
 *
 * @example
 * try { defineConnector({ id: 'Bad Id', ... }); } catch (e) { if (e instanceof ConnectorDefinitionError) e.code; }
 */
export class ConnectorDefinitionError extends Error {
  override readonly name = 'ConnectorDefinitionError';

  constructor(
    readonly code: DefinitionErrorCode,
    message: string,
  ) {
    super(message);
  }
}
