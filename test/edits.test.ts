import { fromGlobalId } from '../src/ids';
import { TEST_DIALECT } from './db';
import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

/**
 * Every edit of a goal's logs, pauses, milestones or rule answers with the goal as it now is, so a client needs no
 * refetch; deleteGoal takes everything of the goal with it and nothing of anyone else's. Users are in Seoul and
 * the clock is 2021-06-15 21:00 there.
 */

const GOAL_FIELDS = 'goal { id status streak { current } progress { current } }';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: '2021-06-15T12:00:00Z' });
});
afterAll(() => t.close());

async function logOn(token: string, goalId: string, date: string, value = 1): Promise<string> {
  return ok(await t.gql(token, 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } } }', { i: { goalId, date, value } }))
    .logProgress.log.id;
}

async function addMilestone(token: string, goalId: string, title: string) {
  return ok(
    await t.gql(token, `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } ${GOAL_FIELDS} } }`, {
      i: { goalId, title },
    }),
  ).addMilestone;
}

const mutate = (token: string, name: string, inputType: string, input: Record<string, unknown>, fields: string) =>
  t.gql(token, `mutation($i: ${inputType}!) { ${name}(input: $i) { ${fields} } }`, { i: input });

/** Rows of each goal-owned table that still point at `goalId`, read from the database itself. */
async function rowsOfGoal(goalId: string): Promise<Record<string, number>> {
  const id = fromGlobalId(goalId)!.id;
  const p = TEST_DIALECT === 'postgres' ? '$1' : '?';
  const out: Record<string, number> = {};
  for (const table of ['progress_logs', 'milestones', 'pauses', 'kaggle_results', 'workouts', 'ladder_levels', 'pipelines']) {
    const [row] = await t.app.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE goal_id = ${p}`, [id]);
    out[table] = Number(row.n);
  }
  const q = TEST_DIALECT === 'postgres' ? '$2' : '?';
  const [goal] = await t.app.db.dataSource.query(`SELECT COUNT(*) AS n FROM goals WHERE id = ${p} OR parent_id = ${q}`, [id, id]);
  out.goals = Number(goal.n);
  return out;
}

/** Every row of a user, per table, read from the database. */
async function rowsOfUser(userId: number): Promise<Record<string, number>> {
  const p = TEST_DIALECT === 'postgres' ? '$1' : '?';
  const out: Record<string, number> = {};
  for (const table of ['goals', 'progress_logs', 'milestones', 'pauses', 'workouts', 'workout_sets']) {
    const [row] = await t.app.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ${p}`, [userId]);
    out[table] = Number(row.n);
  }
  return out;
}

describe('edits answer with the goal', () => {
  it('updateProgressLog, rateProgressLog and deleteProgressLog return the goal with its new streak and total', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Read', kind: 'HABIT', startDate: '2021-06-10' });
    await logOn(token, id, '2021-06-13');
    const moved = await logOn(token, id, '2021-06-14');
    const updated = ok(
      await mutate(token, 'updateProgressLog', 'UpdateProgressLogInput', { id: moved, date: '2021-06-15' }, `log { date } ${GOAL_FIELDS}`),
    );
    expect(updated.updateProgressLog).toEqual({
      log: { date: '2021-06-15' },
      goal: { id, status: 'ACTIVE', streak: { current: 1 }, progress: { current: 1 } },
    });
    const rated = ok(
      await mutate(token, 'rateProgressLog', 'RateProgressLogInput', { id: moved, rating: 5 }, `log { rating } ${GOAL_FIELDS}`),
    );
    expect(rated.rateProgressLog.goal.id).toBe(id);
    const deleted = ok(await mutate(token, 'deleteProgressLog', 'DeleteProgressLogInput', { id: moved }, `deletedId ${GOAL_FIELDS}`));
    expect(deleted.deleteProgressLog).toEqual({
      deletedId: moved,
      goal: { id, status: 'ACTIVE', streak: { current: 0 }, progress: { current: 0 } },
    });
  });

  it('a target goal falls back to ACTIVE in the payload of the edit that takes it under its target', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Pages', kind: 'TARGET', target: 10, startDate: '2021-06-01' });
    const log = await logOn(token, id, '2021-06-14', 12);
    const res = ok(await mutate(token, 'updateProgressLog', 'UpdateProgressLogInput', { id: log, value: 4 }, GOAL_FIELDS));
    expect(res.updateProgressLog.goal).toMatchObject({ status: 'ACTIVE', progress: { current: 4 } });
  });

  it('updateWorkout, deleteWorkout and deletePause return the goal as it now is', async () => {
    const { token } = await t.createUser();
    const id = await createGoal(t, token, { title: 'Train', kind: 'HABIT', startDate: '2021-06-10' });
    const workout = ok(
      await mutate(
        token,
        'logWorkout',
        'LogWorkoutInput',
        { goalId: id, date: '2021-06-14', sets: [{ exercise: 'plank', holdSeconds: 30 }] },
        'workout { id }',
      ),
    ).logWorkout.workout.id;
    const moved = ok(await mutate(token, 'updateWorkout', 'UpdateWorkoutInput', { id: workout, date: '2021-06-15' }, GOAL_FIELDS));
    expect(moved.updateWorkout.goal).toMatchObject({ id, streak: { current: 1 } });
    const pause = ok(
      await mutate(token, 'pauseGoal', 'PauseGoalInput', { goalId: id, from: '2021-06-11', to: '2021-06-12' }, 'pause { id }'),
    ).pauseGoal.pause.id;
    const unpaused = ok(await mutate(token, 'deletePause', 'DeletePauseInput', { id: pause }, `deletedId ${GOAL_FIELDS}`));
    expect(unpaused.deletePause).toMatchObject({ deletedId: pause, goal: { id } });
    const gone = ok(await mutate(token, 'deleteWorkout', 'DeleteWorkoutInput', { id: workout }, `deletedId ${GOAL_FIELDS}`));
    expect(gone.deleteWorkout).toMatchObject({ deletedId: workout, goal: { id, streak: { current: 0 }, progress: { current: 0 } } });
  });

  it('pauseAll returns the paused goals', async () => {
    const { token } = await t.createUser();
    const a = await createGoal(t, token, { title: 'A', kind: 'HABIT', startDate: '2021-06-01' });
    const b = await createGoal(t, token, { title: 'B', kind: 'HABIT', startDate: '2021-06-01' });
    const res = ok(
      await mutate(token, 'pauseAll', 'PauseAllInput', { from: '2021-06-20', to: '2021-06-22' }, 'pauses { id } goals { id }'),
    );
    expect(res.pauseAll.goals.map((g: any) => g.id)).toEqual([a, b]);
  });
});

describe('updatePause', () => {
  it('moves a pause, and the streak bridges the new days; a bad range changes nothing; another user’s pause is not found', async () => {
    const { token } = await t.createUser();
    const other = await t.createUser();
    const id = await createGoal(t, token, { title: 'Walk', kind: 'HABIT', startDate: '2021-06-10' });
    for (const d of ['2021-06-10', '2021-06-11', '2021-06-14', '2021-06-15']) await logOn(token, id, d);
    const pause = ok(
      await mutate(
        token,
        'pauseGoal',
        'PauseGoalInput',
        { goalId: id, from: '2021-06-12', to: '2021-06-12' },
        `pause { id } ${GOAL_FIELDS}`,
      ),
    ).pauseGoal;
    expect(pause.goal.streak.current).toBe(2);
    const fields = `pause { id from to reason } ${GOAL_FIELDS}`;
    const moved = ok(
      await mutate(token, 'updatePause', 'UpdatePauseInput', { id: pause.pause.id, to: '2021-06-13', reason: 'rain' }, fields),
    );
    expect(moved.updatePause).toEqual({
      pause: { id: pause.pause.id, from: '2021-06-12', to: '2021-06-13', reason: 'rain' },
      goal: { id, status: 'ACTIVE', streak: { current: 4 }, progress: { current: 1 } },
    });
    const bad = await mutate(token, 'updatePause', 'UpdatePauseInput', { id: pause.pause.id, to: '2021-06-01' }, fields);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions).toMatchObject({ field: 'to' });
    const empty = await mutate(token, 'updatePause', 'UpdatePauseInput', { id: pause.pause.id }, fields);
    expect(errorCode(empty)).toBe('BAD_USER_INPUT');
    const theirs = await mutate(other.token, 'updatePause', 'UpdatePauseInput', { id: pause.pause.id, reason: 'mine now' }, fields);
    expect(errorCode(theirs)).toBe('NOT_FOUND');
    const pauses = ok(await t.gql(token, 'query($id: ID!) { goal(id: $id) { pauses { from to reason } } }', { id })).goal.pauses;
    expect(pauses).toEqual([{ from: '2021-06-12', to: '2021-06-13', reason: 'rain' }]);
  });
});

describe('milestone edits', () => {
  const fields = `milestone { id title dueDate achievedOn evidenceUrl } goal { id status achievedOn }`;

  it('updateMilestone changes title, due date and evidence; null clears them; bad input changes nothing', async () => {
    const { token } = await t.createUser();
    const goal = await createGoal(t, token, { title: 'Paper', kind: 'MILESTONES', startDate: '2021-06-01' });
    const { milestone, goal: afterAdd } = await addMilestone(token, goal, 'idea');
    expect(afterAdd.id).toBe(goal);
    const input = { id: milestone.id, title: ' draft ', dueDate: '2021-07-01', evidenceUrl: 'https://example.org/draft' };
    const res = ok(await mutate(token, 'updateMilestone', 'UpdateMilestoneInput', input, fields)).updateMilestone;
    expect(res).toEqual({
      milestone: { id: milestone.id, title: 'draft', dueDate: '2021-07-01', achievedOn: null, evidenceUrl: 'https://example.org/draft' },
      goal: { id: goal, status: 'ACTIVE', achievedOn: null },
    });
    const cleared = ok(
      await mutate(token, 'updateMilestone', 'UpdateMilestoneInput', { id: milestone.id, dueDate: null, evidenceUrl: null }, fields),
    );
    expect(cleared.updateMilestone.milestone).toMatchObject({ title: 'draft', dueDate: null, evidenceUrl: null });
    for (const bad of [{ title: '' }, { dueDate: '2021-05-01' }, { evidenceUrl: 'ftp://x' }, {}]) {
      expect(errorCode(await mutate(token, 'updateMilestone', 'UpdateMilestoneInput', { id: milestone.id, ...bad }, fields))).toBe(
        'BAD_USER_INPUT',
      );
    }
    const now = ok(await t.gql(token, 'query($id: ID!) { goal(id: $id) { milestones { title dueDate evidenceUrl } } }', { id: goal })).goal;
    expect(now.milestones).toEqual([{ title: 'draft', dueDate: null, evidenceUrl: null }]);
  });

  it('reopenMilestone sends an ACHIEVED goal back to ACTIVE; deleting the last open milestone achieves it', async () => {
    const { token } = await t.createUser();
    const goal = await createGoal(t, token, { title: 'Thesis', kind: 'MILESTONES', startDate: '2021-06-01' });
    const first = (await addMilestone(token, goal, 'proposal')).milestone.id;
    const second = (await addMilestone(token, goal, 'defence')).milestone.id;
    ok(await mutate(token, 'completeMilestone', 'CompleteMilestoneInput', { id: first, achievedOn: '2021-06-05' }, 'milestone { id }'));
    const done = ok(await mutate(token, 'completeMilestone', 'CompleteMilestoneInput', { id: second, achievedOn: '2021-06-10' }, fields));
    expect(done.completeMilestone.goal).toEqual({ id: goal, status: 'ACHIEVED', achievedOn: '2021-06-10' });

    const reopened = ok(await mutate(token, 'reopenMilestone', 'ReopenMilestoneInput', { id: second }, fields)).reopenMilestone;
    expect(reopened.milestone.achievedOn).toBeNull();
    expect(reopened.goal).toEqual({ id: goal, status: 'ACTIVE', achievedOn: null });
    const again = await mutate(token, 'reopenMilestone', 'ReopenMilestoneInput', { id: second }, fields);
    expect(errorCode(again)).toBe('BAD_USER_INPUT');

    const deleted = ok(
      await mutate(
        token,
        'deleteMilestone',
        'DeleteMilestoneInput',
        { id: second },
        'deletedId goal { id status achievedOn milestones { id } }',
      ),
    );
    expect(deleted.deleteMilestone).toEqual({
      deletedId: second,
      goal: { id: goal, status: 'ACHIEVED', achievedOn: '2021-06-05', milestones: [{ id: first }] },
    });
  });

  it('refuses another user’s milestone with NOT_FOUND and leaves it as it was', async () => {
    const { token } = await t.createUser();
    const other = await t.createUser();
    const goal = await createGoal(t, token, { title: 'Book', kind: 'MILESTONES', startDate: '2021-06-01' });
    const id = (await addMilestone(token, goal, 'outline')).milestone.id;
    ok(await mutate(token, 'completeMilestone', 'CompleteMilestoneInput', { id }, 'milestone { id }'));
    expect(errorCode(await mutate(other.token, 'updateMilestone', 'UpdateMilestoneInput', { id, title: 'x' }, fields))).toBe('NOT_FOUND');
    expect(errorCode(await mutate(other.token, 'reopenMilestone', 'ReopenMilestoneInput', { id }, fields))).toBe('NOT_FOUND');
    expect(errorCode(await mutate(other.token, 'deleteMilestone', 'DeleteMilestoneInput', { id }, 'deletedId'))).toBe('NOT_FOUND');
    const now = ok(await t.gql(token, 'query($id: ID!) { goal(id: $id) { status milestones { title achievedOn } } }', { id: goal })).goal;
    expect(now).toEqual({ status: 'ACHIEVED', milestones: [{ title: 'outline', achievedOn: '2021-06-15' }] });
  });
});

describe('deleteGoal', () => {
  /** A goal with logs, a milestone, a pause, a linked workout and a child goal. */
  async function fullGoal(token: string) {
    const id = await createGoal(t, token, { title: 'Everything', kind: 'HABIT', startDate: '2021-06-01' });
    for (const d of ['2021-06-13', '2021-06-14']) await logOn(token, id, d);
    await addMilestone(token, id, 'a month');
    ok(await mutate(token, 'pauseGoal', 'PauseGoalInput', { goalId: id, from: '2021-06-05', to: '2021-06-06' }, 'pause { id }'));
    const workout = ok(
      await mutate(
        token,
        'logWorkout',
        'LogWorkoutInput',
        { goalId: id, date: '2021-06-15', sets: [{ exercise: 'squat', reps: 10 }] },
        'workout { id }',
      ),
    ).logWorkout.workout.id;
    const child = await createGoal(t, token, { title: 'Child', kind: 'HABIT', startDate: '2021-06-01', parentId: id });
    return { id, workout, child };
  }

  it('deletes the goal and every row of it, keeps its workout and child detached, and touches no one else', async () => {
    const me = await t.createUser();
    const other = await t.createUser();
    const mine = await fullGoal(me.token);
    const theirs = await fullGoal(other.token);
    const before = await rowsOfGoal(mine.id);
    expect(before).toMatchObject({ progress_logs: 3, milestones: 1, pauses: 1, workouts: 1, goals: 2 });
    const otherBefore = await rowsOfUser(other.user.id);

    // Another user cannot delete it.
    expect(errorCode(await mutate(other.token, 'deleteGoal', 'DeleteGoalInput', { id: mine.id }, 'deletedId'))).toBe('NOT_FOUND');
    expect(await rowsOfGoal(mine.id)).toEqual(before);

    const res = ok(await mutate(me.token, 'deleteGoal', 'DeleteGoalInput', { id: mine.id }, 'deletedId'));
    expect(res.deleteGoal).toEqual({ deletedId: mine.id });
    expect(await rowsOfGoal(mine.id)).toEqual({
      progress_logs: 0,
      milestones: 0,
      pauses: 0,
      kaggle_results: 0,
      workouts: 0,
      ladder_levels: 0,
      pipelines: 0,
      goals: 0,
    });
    expect(ok(await t.gql(me.token, 'query($id: ID!) { goal(id: $id) { id } }', { id: mine.id })).goal).toBeNull();
    const rest = ok(
      await t.gql(
        me.token,
        'query($w: ID!, $c: ID!) { w: node(id: $w) { ... on Workout { id goal { id } log { id } } } c: goal(id: $c) { id parent { id } } }',
        {
          w: mine.workout,
          c: mine.child,
        },
      ),
    );
    expect(rest).toEqual({ w: { id: mine.workout, goal: null, log: null }, c: { id: mine.child, parent: null } });
    expect(await rowsOfUser(other.user.id)).toEqual(otherBefore);
    expect(ok(await t.gql(other.token, 'query($id: ID!) { goal(id: $id) { id logs { totalCount } } }', { id: theirs.id })).goal).toEqual({
      id: theirs.id,
      logs: { totalCount: 3 },
    });
    // Deleting it again finds nothing.
    expect(errorCode(await mutate(me.token, 'deleteGoal', 'DeleteGoalInput', { id: mine.id }, 'deletedId'))).toBe('NOT_FOUND');
  });
});
