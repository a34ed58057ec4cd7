// Scoped keys: a coordinator limited to a party keeps that party's executors, keys and
// entries and publishes its report only; the plan itself is changed by keys without a
// party limit; a key limited to plans acts on no other plan. Each refusal has its code.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor, DomainEvent, PublishReport } from '../../shared/domain';
import {
  agency,
  by,
  coordinator,
  liquidated,
  measureAdded,
  PLAN,
  planCreated,
  publishCommand,
  registered,
  reported,
  SPORT,
  tourismPlan,
} from './support/fixtures';
import { given } from './support/given';

const SMOLENSK = 'Смоленская область';
const SPB = 'Санкт-Петербург';
const SPB_SPORT = 'spb-sport-committee';
const OTHER_PLAN = 'other-plan';

const smolensk: Actor = { keyId: 'key-smolensk', role: 'coordinator', party: SMOLENSK };
const smolenskOnPlan: Actor = { keyId: 'key-smolensk-plan', role: 'coordinator', party: SMOLENSK, planIds: [PLAN] };
const planCoordinator: Actor = { keyId: 'key-plan', role: 'coordinator', planIds: [PLAN] };

const registeredIn = (executorId: string, party: string): DomainEvent => ({
  type: 'ExecutorRegistered',
  data: { executorId, fullName: `Executor ${executorId}`, party },
});
const otherPlan: DomainEvent = {
  type: 'PlanCreated',
  data: { ...planCreated.data, planId: OTHER_PLAN },
} as DomainEvent;

/** The tourism plan with a Saint Petersburg committee beside the Smolensk sports office on 9.1. */
const jointPlan: DomainEvent[] = [
  ...tourismPlan.filter((e) => !(e.type === 'MeasureAdded' && e.data.number === '9.1')),
  registeredIn(SPB_SPORT, SPB),
  measureAdded('9.1', [SPORT, SPB_SPORT]),
];

const secretHash = createHash('sha256').update('s3cret').digest('hex');
const issue = (fields: Record<string, unknown>) =>
  ({ type: 'IssueApiKey', keyId: 'k1', label: 'ключ', secretHash, role: 'coordinator', ...fields }) as const;
const issued = (fields: Record<string, unknown>): DomainEvent =>
  ({ type: 'ApiKeyIssued', data: { keyId: 'k1', label: 'ключ', secretHash, role: 'coordinator', ...fields } }) as never;
const revoke = { type: 'RevokeApiKey', keyId: 'k1', reason: 'уволился' } as const;

const report = (executorId: string, reportId = 'r-1') =>
  ({
    type: 'ReportExecution',
    planId: PLAN,
    number: '9.1',
    reportId,
    executorId,
    period: { kind: 'day', date: '2023-05-20' },
    text: 'Турнир',
  }) as const;

describe('a coordinator key limited to a party: executors', () => {
  it("registers, renames and liquidates its party's executors", () => {
    given()
      .when({
        type: 'RegisterExecutor',
        executorId: 'new-dept',
        fullName: 'Новый департамент',
        party: SMOLENSK,
        ...by(smolensk),
      })
      .then([expect.objectContaining({ type: 'ExecutorRegistered' })]);
    given(registered(SPORT))
      .when({
        type: 'RenameExecutor',
        executorId: SPORT,
        newName: 'Министерство спорта',
        effectiveDate: '2023-06-01',
        ...by(smolensk),
      })
      .then([expect.objectContaining({ type: 'ExecutorRenamed' })]);
  });

  it("refuses another party's executor: executor_of_other_party", () => {
    given()
      .when({ type: 'RegisterExecutor', executorId: SPB_SPORT, fullName: 'Комитет', party: SPB, ...by(smolensk) })
      .then('executor_of_other_party');
    given(registeredIn(SPB_SPORT, SPB))
      .when({
        type: 'RenameExecutor',
        executorId: SPB_SPORT,
        newName: 'Комитет по спорту',
        effectiveDate: '2023-06-01',
        ...by(smolensk),
      })
      .then('executor_of_other_party');
    given(registeredIn(SPB_SPORT, SPB))
      .when({ type: 'LiquidateExecutor', executorId: SPB_SPORT, effectiveDate: '2023-06-01', ...by(smolensk) })
      .then('executor_of_other_party');
  });

  it('never names a successor of another party, whoever asks: successor_of_other_party', () => {
    given(registered(SPORT), registeredIn(SPB_SPORT, SPB))
      .when({
        type: 'LiquidateExecutor',
        executorId: SPORT,
        effectiveDate: '2023-06-01',
        successorId: SPB_SPORT,
        ...by(coordinator),
      })
      .then('successor_of_other_party');
  });
});

describe('a coordinator key limited to a party: keys', () => {
  it("issues agency keys for its party's executors, and coordinator keys of its party", () => {
    given(registered(SPORT))
      .when({ ...issue({ role: 'agency', executorId: SPORT }), ...by(smolensk) })
      .then([issued({ role: 'agency', executorId: SPORT })]);
    given(planCreated)
      .when({ ...issue({ party: SMOLENSK, planIds: [PLAN] }), ...by(smolensk) })
      .then([issued({ party: SMOLENSK, planIds: [PLAN] })]);
  });

  it("refuses an agency key for another party's executor: executor_of_other_party", () => {
    given(registeredIn(SPB_SPORT, SPB))
      .when({ ...issue({ role: 'agency', executorId: SPB_SPORT }), ...by(smolensk) })
      .then('executor_of_other_party');
  });

  it('refuses a coordinator key of another party, or of none: key_party_outside_scope', () => {
    given()
      .when({ ...issue({}), ...by(smolensk) })
      .then('key_party_outside_scope');
    given()
      .when({ ...issue({ party: SPB }), ...by(smolensk) })
      .then('key_party_outside_scope');
  });

  it('revokes only keys it could have issued', () => {
    given(registered(SPORT), issued({ role: 'agency', executorId: SPORT }))
      .when({ ...revoke, ...by(smolensk) })
      .then([{ type: 'ApiKeyRevoked', data: { keyId: 'k1', reason: 'уволился' } }]);
    given(registeredIn(SPB_SPORT, SPB), issued({ role: 'agency', executorId: SPB_SPORT }))
      .when({ ...revoke, ...by(smolensk) })
      .then('executor_of_other_party');
    // Not the joint coordinator's key: a party's coordinator cannot lock the others out.
    given(issued({}))
      .when({ ...revoke, ...by(smolensk) })
      .then('key_party_outside_scope');
  });
});

describe('a key limited to plans: keys', () => {
  it('issues keys within its plans only: key_plans_outside_scope', () => {
    given(planCreated, otherPlan)
      .when({ ...issue({ role: 'auditor', planIds: [PLAN] }), ...by(planCoordinator) })
      .then([issued({ role: 'auditor', planIds: [PLAN] })]);
    given(planCreated)
      .when({ ...issue({ role: 'auditor' }), ...by(planCoordinator) })
      .then('key_plans_outside_scope');
    given(planCreated, otherPlan)
      .when({ ...issue({ role: 'auditor', planIds: [PLAN, OTHER_PLAN] }), ...by(planCoordinator) })
      .then('key_plans_outside_scope');
  });

  it('revokes keys within its plans only', () => {
    given(issued({ role: 'auditor' }))
      .when({ ...revoke, ...by(planCoordinator) })
      .then('key_plans_outside_scope');
    given(issued({ role: 'auditor', planIds: [PLAN] }))
      .when({ ...revoke, ...by(planCoordinator) })
      .then([expect.objectContaining({ type: 'ApiKeyRevoked' })]);
  });

  it('limits a key to plans that exist, and to a party those plans have', () => {
    given()
      .when({ ...issue({ role: 'auditor', planIds: [PLAN] }), ...by(coordinator) })
      .then('plan_not_found');
    given(planCreated)
      .when({ ...issue({ party: 'Москва', planIds: [PLAN] }), ...by(coordinator) })
      .then('party_not_found');
  });

  it('limits only coordinator keys to a party, and names each plan once', () => {
    given(planCreated)
      .when({ ...issue({ role: 'auditor', party: SMOLENSK }), ...by(coordinator) })
      .thenInvalid('party');
    given(planCreated)
      .when({ ...issue({ planIds: [PLAN, PLAN] }), ...by(coordinator) })
      .thenInvalid('planIds');
  });
});

describe('the plan itself', () => {
  it('is changed by keys without a party limit only: party_key_cannot_change_plan', () => {
    given()
      .when({ ...planCreated.data, type: 'CreatePlan', planId: 'new-plan', ...by(smolensk) } as never)
      .then('party_key_cannot_change_plan');
    given(planCreated)
      .when({ type: 'AddSection', planId: PLAN, number: '3', title: 'Культура', ...by(smolensk) })
      .then('party_key_cannot_change_plan');
    given(...tourismPlan)
      .when({
        type: 'AddMeasure',
        planId: PLAN,
        number: '9.2',
        sectionNumber: '9',
        title: 'Спартакиада',
        term: '2023 год',
        fromYear: 2023,
        toYear: 2023,
        executors: [{ executorId: SPORT }],
        ...by(smolensk),
      })
      .then('party_key_cannot_change_plan');
    given(...tourismPlan)
      .when({ type: 'AmendMeasure', planId: PLAN, number: '9.1', title: 'Новое название', ...by(smolensk) })
      .then('party_key_cannot_change_plan');
  });

  it('is changed by a key limited to it, and not by one limited to other plans: plan_out_of_scope', () => {
    given(planCreated)
      .when({ type: 'AddSection', planId: PLAN, number: '3', title: 'Культура', ...by(planCoordinator) })
      .then([expect.objectContaining({ type: 'SectionAdded' })]);
    given(planCreated, otherPlan)
      .when({ type: 'AddSection', planId: OTHER_PLAN, number: '3', title: 'Культура', ...by(planCoordinator) })
      .then('plan_out_of_scope');
    given()
      .when({ ...planCreated.data, type: 'CreatePlan', planId: 'new-plan', ...by(planCoordinator) } as never)
      .then('plan_out_of_scope');
  });
});

describe('entries', () => {
  it("are reported for its party's executors by a party's coordinator", () => {
    given(...jointPlan)
      .when({ ...report(SPORT), ...by(smolenskOnPlan) })
      .then([expect.objectContaining({ type: 'ExecutionReported' })]);
  });

  it("refuse another party's executor, also when correcting or withdrawing: executor_of_other_party", () => {
    given(...jointPlan)
      .when({ ...report(SPB_SPORT), ...by(smolensk) })
      .then('executor_of_other_party');
    const spbEntry = reported('9.1', 'spb-1', SPB_SPORT);
    given(...jointPlan, spbEntry)
      .when({
        type: 'CorrectExecution',
        planId: PLAN,
        number: '9.1',
        reportId: 'spb-1',
        text: 'Иначе',
        reason: 'опечатка',
        ...by(smolensk),
      })
      .then('executor_of_other_party');
    given(...jointPlan, spbEntry)
      .when({
        type: 'WithdrawExecution',
        planId: PLAN,
        number: '9.1',
        reportId: 'spb-1',
        reason: 'ошибка',
        ...by(smolensk),
      })
      .then('executor_of_other_party');
  });

  it('are refused on another plan to a key limited to plans, agency keys included: plan_out_of_scope', () => {
    const limitedAgency: Actor = { ...agency(SPORT), planIds: [OTHER_PLAN] };
    given(...jointPlan)
      .when({ ...report(SPORT), ...by(limitedAgency) })
      .then('plan_out_of_scope');
    given(...jointPlan, reported('9.1', 'r-9', SPORT))
      .when({
        type: 'WithdrawExecution',
        planId: PLAN,
        number: '9.1',
        reportId: 'r-9',
        reason: 'ошибка',
        ...by({ ...coordinator, planIds: [OTHER_PLAN] }),
      })
      .then('plan_out_of_scope');
  });

  it('keep the rules that hold for everyone after the scope (a liquidated executor stays liquidated)', () => {
    given(...jointPlan, liquidated(SPORT, '2023-01-01'))
      .when({ ...report(SPORT), ...by(smolensk) })
      .then('period_after_liquidation');
  });
});

describe('publications', () => {
  const publish = (party: string | undefined, actor: Actor): PublishReport =>
    publishCommand(actor, party !== undefined ? { party } : {});

  it('record the party whose report it is', () => {
    given(planCreated)
      .when(publish(SMOLENSK, smolensk))
      .then([
        expect.objectContaining({
          type: 'YearlyReportPublished',
          data: expect.objectContaining({ party: SMOLENSK, revision: 1 }),
        }),
      ]);
  });

  it("of the joint report or another party's are refused to a party's key: publication_of_other_party", () => {
    given(planCreated).when(publish(undefined, smolensk)).then('publication_of_other_party');
    given(planCreated).when(publish(SPB, smolensk)).then('publication_of_other_party');
  });

  it('name a party of the plan, and a plan within the key: party_not_found, plan_out_of_scope', () => {
    given(planCreated).when(publish('Москва', coordinator)).then('party_not_found');
    given(planCreated, otherPlan)
      .when(publish(undefined, { ...coordinator, planIds: [OTHER_PLAN] }))
      .then('plan_out_of_scope');
  });
});
