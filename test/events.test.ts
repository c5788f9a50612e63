import { EventEntity } from '../src/modules/event/event.entity';
import { toGlobalId } from '../src/ids';
import { createGoal, errorCode, LOG_PROGRESS, ok, startTestApp, type TestApp } from './helpers';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ countStatements: true });
});

afterAll(async () => {
  await t.close();
});

async function eventsOf(userId: number): Promise<EventEntity[]> {
  return t.app.db.read((em) => em.find(EventEntity, { where: { userId }, order: { id: 'ASC' } }));
}

const BATCH = `mutation($input: LogProgressBatchInput!) { logProgressBatch(input: $input) { results { log { id } } } }`;

describe('the outbox', () => {
  it('records goal and log events with the changed object, in the order of the changes', async () => {
    const { user, token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Read', kind: 'TARGET', target: 3, startDate: '2021-06-01' });
    const first = ok(await t.gql(token, LOG_PROGRESS, { input: { goalId, value: 1, date: '2021-06-10', note: 'a start' } }));
    ok(await t.gql(token, LOG_PROGRESS, { input: { goalId, value: 2, date: '2021-06-11' } }));
    const logId = first.logProgress.log.id as string;
    ok(
      await t.gql(token, `mutation($i: UpdateProgressLogInput!) { updateProgressLog(input: $i) { log { id } } }`, {
        i: { id: logId, value: 0.5 },
      }),
    );
    ok(await t.gql(token, `mutation($i: DeleteProgressLogInput!) { deleteProgressLog(input: $i) { deletedId } }`, { i: { id: logId } }));

    const events = await eventsOf(user.id);
    expect(events.map((e) => e.type)).toEqual([
      'GOAL_CREATED',
      'LOG_CREATED',
      'LOG_CREATED',
      'GOAL_UPDATED',
      'GOAL_ACHIEVED',
      'LOG_UPDATED',
      'GOAL_UPDATED',
      'LOG_DELETED',
    ]);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    expect(events.every((e) => e.goalId === Number(Buffer.from(goalId, 'base64url').toString().split(':')[1]))).toBe(true);
    expect(JSON.parse(events[1].payload)).toEqual({
      log: { id: logId, goalId, value: 1, date: '2021-06-10', occurredAt: expect.any(String), note: 'a start', rating: null },
    });
    expect(JSON.parse(events[4].payload)).toMatchObject({ goal: { id: goalId, status: 'ACHIEVED', achievedOn: '2021-06-11' } });
    // The edit took the total under the target again: the goal is active once more.
    expect(JSON.parse(events[6].payload)).toMatchObject({ goal: { id: goalId, status: 'ACTIVE' } });
    expect(JSON.parse(events[7].payload)).toMatchObject({ log: { id: logId, value: 0.5 } });
    expect(toGlobalId('User', events[0].userId)).toBe(toGlobalId('User', user.id));
  });

  it('records a completed milestone once', async () => {
    const { user, token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Paper', kind: 'MILESTONES', startDate: '2021-06-01' });
    const added = ok(
      await t.gql(token, `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } } }`, {
        i: { goalId, title: 'draft' },
      }),
    );
    const complete = `mutation($i: CompleteMilestoneInput!) { completeMilestone(input: $i) { milestone { id } } }`;
    ok(await t.gql(token, complete, { i: { id: added.addMilestone.milestone.id, achievedOn: '2021-06-10' } }));
    ok(await t.gql(token, complete, { i: { id: added.addMilestone.milestone.id, achievedOn: '2021-06-11' } }));
    const types = (await eventsOf(user.id)).map((e) => e.type);
    expect(types.filter((type) => type === 'MILESTONE_COMPLETED')).toHaveLength(1);
    expect(types).toContain('GOAL_ACHIEVED');
  });

  it('records nothing for a write that fails, and nothing for another user', async () => {
    const { user, token } = await t.createUser();
    const other = await t.createUser();
    const goalId = await createGoal(t, other.token, { title: 'theirs', kind: 'HABIT', startDate: '2021-06-01' });
    const before = (await eventsOf(other.user.id)).length;
    expect(errorCode(await t.gql(token, LOG_PROGRESS, { input: { goalId } }))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(other.token, LOG_PROGRESS, { input: { goalId, date: '2099-01-01' } }))).toBe('BAD_USER_INPUT');
    await expect(eventsOf(user.id)).resolves.toEqual([]);
    expect(await eventsOf(other.user.id)).toHaveLength(before);
  });

  it('writes the events of a batch of 1000 logs with at most two more statements than a batch of one', async () => {
    const { user, token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Pushups', kind: 'HABIT', startDate: '2021-01-01' });
    const counter = t.app.db.statements!;
    const statementsOf = async (logs: unknown[]) => {
      const before = counter.count;
      ok(await t.gql(token, BATCH, { input: { logs } }));
      return counter.count - before;
    };
    const one = await statementsOf([{ goalId, date: '2021-02-01' }]);
    const many = await statementsOf(Array.from({ length: 1000 }, (_, i) => ({ goalId, date: '2021-03-01', value: i + 1 })));
    // The logs' INSERT and the events' INSERT each take a second statement past 500 rows.
    expect(many - one).toBeLessThanOrEqual(2);
    const events = await eventsOf(user.id);
    expect(events.filter((e) => e.type === 'LOG_CREATED')).toHaveLength(1001);
  });
});
