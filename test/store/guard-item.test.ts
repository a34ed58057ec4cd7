// A command guard read back with a result that is not what the store writes is a corruption
// the API reports as such (corrupt_command_guard), not a JSON error from deep in a parser.
import { describe, expect, it } from 'vitest';
import { guardFromItem, guardItem, keys } from '../../shared/store/dynamo-items';
import { StoreCorruptionError } from '../../shared/store/errors';

const result = {
  commandId: 'c-1',
  streamId: 'measure-p-1.1',
  firstVersion: 2,
  lastVersion: 2,
  firstPosition: 9,
  lastPosition: 9,
  eventIds: ['e-1'],
  recordedAt: '2023-07-01T10:00:00.000Z',
  duplicate: false,
};

describe('guardFromItem', () => {
  it('reads back what guardItem writes, as a duplicate', () => {
    expect(guardFromItem(guardItem('c-1', 'f'.repeat(64), result))).toEqual({
      fingerprint: 'f'.repeat(64),
      result: { ...result, duplicate: true },
    });
  });

  it.each([
    ['text that is not JSON', '{"commandId":'],
    ['JSON of another shape', '{"commandId":"c-1"}'],
    ['JSON that is not an object', '42'],
  ])('refuses a result holding %s as corrupt_command_guard', (_what, text) => {
    const item = { ...keys.command('c-1'), fingerprint: { S: 'f'.repeat(64) }, result: { S: text } };
    const refused = (() => {
      try {
        guardFromItem(item);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(StoreCorruptionError);
    expect(refused).toMatchObject({ code: 'corrupt_command_guard' });
  });
});
