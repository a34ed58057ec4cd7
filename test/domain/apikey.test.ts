import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/domain';
import { agency, auditor, by, coordinator, liquidated, registered, SPORT, system, TEREM } from './support/fixtures';
import { given } from './support/given';

const secretHash = createHash('sha256').update('s3cret').digest('hex');
const issue = {
  type: 'IssueApiKey',
  keyId: 'k1',
  role: 'agency',
  executorId: SPORT,
  label: 'Спорт',
  secretHash,
} as const;
const issued: DomainEvent = {
  type: 'ApiKeyIssued',
  data: { keyId: 'k1', role: 'agency', executorId: SPORT, label: 'Спорт', secretHash },
};
const revoke = { type: 'RevokeApiKey', keyId: 'k1', reason: 'утечка' } as const;

describe('IssueApiKey', () => {
  it('issues an agency key for a live executor, keeping only the hash', () => {
    given(registered(SPORT))
      .when({ ...issue, ...by(coordinator) })
      .then([issued]);
  });

  it('lets the system actor issue the first coordinator key', () => {
    given()
      .when({ type: 'IssueApiKey', keyId: 'root', role: 'coordinator', label: 'bootstrap', secretHash, ...by(system) })
      .then([{ type: 'ApiKeyIssued', data: { keyId: 'root', role: 'coordinator', label: 'bootstrap', secretHash } }]);
  });

  it('is for coordinators (and the system) only', () => {
    given(registered(SPORT))
      .when({ ...issue, ...by(agency(SPORT)) })
      .then('forbidden_role');
    given(registered(SPORT))
      .when({ ...issue, ...by(auditor) })
      .then('forbidden_role');
  });

  it('wants an executor for an agency key, and none for other roles', () => {
    const { executorId: _executorId, ...withoutExecutor } = issue;
    given()
      .when({ ...withoutExecutor, ...by(coordinator) })
      .thenInvalid('executorId');
    given(registered(SPORT))
      .when({ ...issue, role: 'auditor', ...by(coordinator) })
      .thenInvalid('executorId');
  });

  it('wants the executor registered and not liquidated', () => {
    given()
      .when({ ...issue, ...by(coordinator) })
      .then('executor_not_found');
    given(registered(TEREM), liquidated(TEREM, '2022-03-14'))
      .when({ ...issue, executorId: TEREM, ...by(coordinator) })
      .then('executor_liquidated');
  });

  it('wants a SHA-256 hex, never the secret', () => {
    given(registered(SPORT))
      .when({ ...issue, secretHash: 's3cret', ...by(coordinator) })
      .thenInvalid('secretHash');
  });

  it('issues a key id once', () => {
    given(registered(SPORT), issued)
      .when({ ...issue, ...by(coordinator) })
      .then('apikey_exists');
  });
});

describe('RevokeApiKey', () => {
  it('revokes a key', () => {
    const ledger = given(registered(SPORT), issued)
      .when({ ...revoke, ...by(coordinator) })
      .then([{ type: 'ApiKeyRevoked', data: { keyId: 'k1', reason: 'утечка' } }]);
    expect(ledger.apiKey('k1')?.revocation).toEqual({ reason: 'утечка' });
  });

  it('does not revoke twice', () => {
    given(registered(SPORT), issued, { type: 'ApiKeyRevoked', data: { keyId: 'k1', reason: 'x' } })
      .when({ ...revoke, ...by(coordinator) })
      .then('apikey_revoked');
  });

  it('revokes only an existing key', () => {
    given()
      .when({ ...revoke, ...by(coordinator) })
      .then('apikey_not_found');
  });

  it('is for coordinators (and the system) only', () => {
    given(registered(SPORT), issued)
      .when({ ...revoke, ...by(agency(SPORT)) })
      .then('forbidden_role');
  });
});
