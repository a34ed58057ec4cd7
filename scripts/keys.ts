// npm run keys -- create --role coordinator|agency|auditor [--executor <id>] [--label <text>]
// npm run keys -- revoke <keyId> --reason <text>
// Issues and revokes API keys in the local store, as events (the `system` actor).

import { executeCommand } from '../shared/commands/execute';
import { IssueApiKeySchema, parseOrThrow, RevokeApiKeySchema } from '../shared/domain';
import { newApiKey } from '../shared/http/api-keys';
import { SYSTEM_ACTOR } from './lib/bootstrap';
import { args, need, runCli, UsageError } from './lib/cli';
import { withLocalSystem } from './lib/local-env';

const USAGE = [
  'usage: npm run keys -- create --role coordinator|agency|auditor [--executor <executorId>] [--label <text>]',
  '       npm run keys -- revoke <keyId> --reason <text>',
].join('\n');

runCli(async () => {
  const { values, positionals } = args(
    { role: { type: 'string' }, executor: { type: 'string' }, label: { type: 'string' }, reason: { type: 'string' } },
    USAGE,
  );
  const [action, keyIdArg] = positionals;
  const at = new Date().toISOString();
  await withLocalSystem(async ({ system }) => {
    if (action === 'create') {
      const key = newApiKey();
      const role = need(values.role, '--role', USAGE);
      const command = {
        ...parseOrThrow(
          IssueApiKeySchema,
          {
            type: 'IssueApiKey',
            keyId: key.keyId,
            secretHash: key.secretHash,
            role,
            label: values.label ?? `${role} key`,
            ...(values.executor ? { executorId: values.executor } : {}),
          },
          'API key',
        ),
        actor: SYSTEM_ACTOR,
        at,
      };
      await executeCommand(system.store, command, {
        commandId: `cli:key:${key.keyId}`,
        fingerprint: key.keyId,
        recordedAt: at,
      });
      process.stdout.write(
        `${role} key ${key.keyId}${values.executor ? ` for ${values.executor}` : ''} (shown once):\n${key.token}\n`,
      );
    } else if (action === 'revoke') {
      const keyId = need(keyIdArg, '<keyId>', USAGE);
      const command = {
        ...parseOrThrow(
          RevokeApiKeySchema,
          { type: 'RevokeApiKey', keyId, reason: need(values.reason, '--reason', USAGE) },
          'revocation',
        ),
        actor: SYSTEM_ACTOR,
        at,
      };
      await executeCommand(system.store, command, {
        commandId: `cli:revoke:${keyId}`,
        fingerprint: keyId,
        recordedAt: at,
      });
      process.stdout.write(`revoked ${keyId}\n`);
    } else throw new UsageError(USAGE);
  });
});
