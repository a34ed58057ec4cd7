// npm run keys -- create --role coordinator|agency|auditor [--executor <id>] [--label <text>]
//   [--party <party>] [--plan <planId>]… [--stack <name>]
// npm run keys -- revoke <keyId> --reason <text> [--stack <name>]
// Issues and revokes API keys as events: locally as the `system` actor; against a
// deployed stack as the caller's AWS identity (how the first coordinator key is issued).

import { executeCommand } from '../shared/commands/execute';
import { IssueApiKeySchema, parseOrThrow, RevokeApiKeySchema } from '../shared/domain';
import { newApiKey } from '../shared/http/api-keys';
import { args, need, runIfMain, TARGET_OPTIONS, TARGET_USAGE, targetOf, UsageError } from './lib/cli';
import { withSystem } from './lib/local-env';

const USAGE = [
  `usage: npm run keys -- create --role coordinator|agency|auditor [--executor <executorId>] [--label <text>] [--party <party>] [--plan <planId>]… ${TARGET_USAGE}`,
  `       npm run keys -- revoke <keyId> --reason <text> ${TARGET_USAGE}`,
].join('\n');

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = args(
    {
      role: { type: 'string' },
      executor: { type: 'string' },
      label: { type: 'string' },
      party: { type: 'string' },
      plan: { type: 'string', multiple: true },
      reason: { type: 'string' },
      ...TARGET_OPTIONS,
    },
    USAGE,
    argv,
  );
  const [action, keyIdArg] = positionals;
  if (action !== 'create' && action !== 'revoke') throw new UsageError(USAGE);
  const target = targetOf(values, USAGE);
  const at = new Date().toISOString();
  await withSystem(target, async ({ system, actor, stack }) => {
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
            ...(values.party !== undefined ? { party: values.party } : {}),
            ...(values.plan !== undefined ? { planIds: values.plan } : {}),
          },
          'API key',
        ),
        actor,
        at,
      };
      await executeCommand(system.store, command, {
        commandId: `cli:key:${key.keyId}`,
        fingerprint: key.keyId,
        recordedAt: at,
      });
      const scope = [
        values.executor ? ` for ${values.executor}` : '',
        values.party !== undefined ? ` limited to ${values.party}` : '',
        values.plan !== undefined ? ` on ${values.plan.join(', ')}` : '',
      ].join('');
      process.stdout.write(`${role} key ${key.keyId}${scope} (shown once):\n${key.token}\n`);
      if (stack) {
        process.stderr.write(
          `issued in stack ${stack.stackName} as ${actor.principal ?? actor.keyId}\n` +
            `API: ${stack.apiUrl}  (try: curl -H "Authorization: Bearer <key>" ${stack.apiUrl.replace(/\/$/, '')}/v1/me)\n`,
        );
      }
    } else {
      const keyId = need(keyIdArg, '<keyId>', USAGE);
      const command = {
        ...parseOrThrow(
          RevokeApiKeySchema,
          { type: 'RevokeApiKey', keyId, reason: need(values.reason, '--reason', USAGE) },
          'revocation',
        ),
        actor,
        at,
      };
      await executeCommand(system.store, command, {
        commandId: `cli:revoke:${keyId}`,
        fingerprint: keyId,
        recordedAt: at,
      });
      process.stdout.write(`revoked ${keyId}${stack ? ` in stack ${stack.stackName}` : ''}\n`);
    }
  });
}

runIfMain(import.meta.url, main);
