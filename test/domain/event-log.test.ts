import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMA_VERSIONS, EventDataError, eventStreamId, parseEventData, upcastEvent } from '../../shared/domain';

const v1 = {
  planId: 'spb-smolensk',
  number: '9.1',
  reportId: '2023-9.1-02',
  executorId: 'sport-office',
  date: '2023-05-09',
  dateTo: '2023-05-13',
  text: 'Кубок ЦСКА – 2023. Всего 160 участников из 5 регионов',
  place: 'г. Смоленск',
  participantsCount: 160,
  regionsCount: 5,
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(EventDataError);
    return (error as EventDataError).code;
  }
}

describe('upcastEvent', () => {
  it('reads ExecutionReported v1 (date/dateTo, *Count) as v2 (period, counts)', () => {
    expect(upcastEvent('ExecutionReported', 1, v1)).toEqual({
      type: 'ExecutionReported',
      schemaVersion: 2,
      data: {
        planId: 'spb-smolensk',
        number: '9.1',
        reportId: '2023-9.1-02',
        executorId: 'sport-office',
        period: { kind: 'range', from: '2023-05-09', to: '2023-05-13' },
        text: v1.text,
        place: 'г. Смоленск',
        participants: 160,
        regions: 5,
      },
    });
  });

  it('reads a v1 entry without dateTo or counts as a day', () => {
    const { dateTo: _dateTo, participantsCount: _p, regionsCount: _r, ...day } = v1;
    expect(parseEventData('ExecutionReported', 1, day)).toMatchObject({
      data: { period: { kind: 'day', date: '2023-05-09' } },
    });
    expect(parseEventData('ExecutionReported', 1, day).data).not.toHaveProperty('participants');
  });

  it('passes current data through, validated', () => {
    const data = { executorId: 'e1', fullName: 'Департамент', party: 'Смоленская область' };
    expect(upcastEvent('ExecutorRegistered', 1, data)).toEqual({ type: 'ExecutorRegistered', schemaVersion: 1, data });
  });

  it('refuses unknown types and versions, and data that fits no schema', () => {
    expect(codeOf(() => parseEventData('ExecutorPromoted', 1, {}))).toBe('unknown_event_type');
    expect(codeOf(() => parseEventData('ExecutionReported', 3, {}))).toBe('unknown_event_version');
    expect(codeOf(() => parseEventData('ExecutorRegistered', 0, {}))).toBe('unknown_event_version');
    expect(codeOf(() => parseEventData('ExecutionReported', 2, v1))).toBe('invalid_event_data');
    expect(codeOf(() => parseEventData('ExecutionReported', 1, { ...v1, date: undefined }))).toBe('invalid_event_data');
    expect(codeOf(() => parseEventData('ExecutionReported', 1, { ...v1, date: '2023-02-30', dateTo: undefined }))).toBe(
      'invalid_event_data',
    );
  });

  it('names a current version for every event type', () => {
    expect(Object.keys(EVENT_SCHEMA_VERSIONS).sort()).toEqual(
      [
        'CheckpointRecorded',
        'ApiKeyIssued',
        'ApiKeyRevoked',
        'ExecutionCorrected',
        'ExecutionReported',
        'ExecutionWithdrawn',
        'ExecutorLiquidated',
        'ExecutorRegistered',
        'ExecutorRenamed',
        'MeasureAdded',
        'MeasureAmended',
        'PlanCreated',
        'SectionAdded',
        'YearlyReportPublished',
      ].sort(),
    );
  });
});

describe('eventStreamId', () => {
  it('puts each event on its aggregate stream', () => {
    expect(eventStreamId(parseEventData('ExecutionReported', 1, v1))).toBe('measure-spb-smolensk-9.1');
    expect(eventStreamId({ type: 'ApiKeyRevoked', data: { keyId: 'k1', reason: 'x' } })).toBe('apikey-k1');
  });
});
