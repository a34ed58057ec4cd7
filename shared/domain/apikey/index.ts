export {
  type ApiKeyCommand,
  type IssueApiKey,
  IssueApiKeySchema,
  type RevokeApiKey,
  RevokeApiKeySchema,
} from './commands';
export { type ApiKeyContext, decideApiKey } from './decide';
export {
  APIKEY_EVENT_VERSIONS,
  type ApiKeyEvent,
  ApiKeyEventSchema,
  type ApiKeyIssued,
  ApiKeyIssuedSchema,
  type ApiKeyRevoked,
  ApiKeyRevokedSchema,
  type ApiKeyRole,
  ApiKeyRoleSchema,
} from './events';
export { type ApiKey, type ApiKeyState, evolveApiKey, initialApiKeyState } from './state';
