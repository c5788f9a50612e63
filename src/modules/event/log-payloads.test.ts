import { ProgressLogEntity } from '../log/progress-log.entity';
import { LogPayloads, logSnapshot } from './outbox';

function log(fields: Partial<ProgressLogEntity>): ProgressLogEntity {
  return Object.assign(new ProgressLogEntity(), {
    id: 1,
    goalId: 1,
    value: 1,
    date: '2021-06-15',
    occurredAt: new Date('2021-06-15T03:00:00.000Z'),
    note: null,
    rating: null,
    ...fields,
  });
}

describe('LogPayloads', () => {
  it('writes exactly what JSON.stringify makes of the log snapshot, for any note, value and rating', () => {
    const shared = new Date('2021-06-15T03:00:00.000Z');
    const logs = [
      log({}),
      log({ id: 2, goalId: 7, value: -2.5e-7, note: 'quote " backslash \\ tab \t newline \n', rating: 5, occurredAt: shared }),
      log({ id: 2_147_483_647, goalId: 7, value: 1e12, note: 'émoji 🏋️ and \u2028 \u0000', rating: 1, occurredAt: shared }),
      log({ id: 3, goalId: 1, value: 0.1 + 0.2, note: '', occurredAt: new Date('1990-01-01T00:00:00.001Z') }),
      log({ id: 4, goalId: 1, value: -0 }),
    ];
    const payloads = new LogPayloads();
    for (const l of logs) expect(payloads.of(l)).toBe(JSON.stringify({ log: logSnapshot(l) }));
  });
});
