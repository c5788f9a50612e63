import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

const LOG_WORKOUT = /* GraphQL */ `
  mutation ($input: LogWorkoutInput!) {
    logWorkout(input: $input) {
      workout {
        id
        date
        occurredAt
        durationMinutes
        feeling
        note
        sets {
          position
          exercise
          reps
          holdSeconds
          addedWeightKg
          rpe
        }
        totals {
          sets
          reps
          holdSeconds
        }
        log {
          id
          date
          value
        }
        goal {
          id
        }
      }
      goal {
        id
        streak {
          current
        }
        progress {
          current
        }
      }
    }
  }
`;

const UPDATE_WORKOUT = /* GraphQL */ `
  mutation ($input: UpdateWorkoutInput!) {
    updateWorkout(input: $input) {
      workout {
        id
        date
        goal {
          id
        }
        log {
          id
          date
        }
        sets {
          exercise
        }
      }
    }
  }
`;

const DELETE_WORKOUT = /* GraphQL */ `
  mutation ($input: DeleteWorkoutInput!) {
    deleteWorkout(input: $input) {
      deletedId
    }
  }
`;

const GOAL_STATE = /* GraphQL */ `
  query ($id: ID!) {
    goal(id: $id) {
      streak {
        current
      }
      progress {
        current
      }
      logs {
        totalCount
        edges {
          node {
            date
            value
          }
        }
      }
    }
  }
`;

const WORKOUTS = /* GraphQL */ `
  query ($from: LocalDate, $to: LocalDate, $first: Int, $after: String) {
    workouts(from: $from, to: $to, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          date
        }
      }
    }
  }
`;

async function dailyHabit(t: TestApp, token: string): Promise<string> {
  const data = ok(
    await t.gql(token, 'mutation($i: CreateGoalFromTemplateInput!) { createGoalFromTemplate(input: $i) { goal { id } } }', {
      i: { template: 'DAILY_HABIT', overrides: { title: 'Train', startDate: '2021-06-01' } },
    }),
  );
  return data.createGoalFromTemplate.goal.id;
}

describe('workouts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-15T12:00:00Z' }); // 21:00 in Seoul
  });
  afterAll(() => t.close());

  it("saves a session with holds, reps, assistance and RPE, dated in the viewer's calendar", async () => {
    const { token } = await t.createUser();
    const res = ok(
      await t.gql(token, LOG_WORKOUT, {
        input: {
          occurredAt: '2021-06-14T22:30:00Z', // 07:30 on the 15th in Seoul
          durationMinutes: 40,
          feeling: 4,
          note: 'good session',
          sets: [
            { exercise: '  Tuck   Planche ', holdSeconds: 12.5, rpe: 8 },
            { exercise: 'pseudo planche push-up', reps: 10, addedWeightKg: -5 },
          ],
        },
      }),
    ).logWorkout;
    expect(res.goal).toBeNull();
    expect(res.workout).toMatchObject({
      date: '2021-06-15',
      occurredAt: '2021-06-14T22:30:00.000Z',
      durationMinutes: 40,
      feeling: 4,
      note: 'good session',
      log: null,
      goal: null,
    });
    expect(res.workout.sets).toEqual([
      { position: 1, exercise: 'tuck planche', reps: null, holdSeconds: 12.5, addedWeightKg: null, rpe: 8 },
      { position: 2, exercise: 'pseudo planche push-up', reps: 10, holdSeconds: null, addedWeightKg: -5, rpe: null },
    ]);
    expect(res.workout.totals).toEqual({ sets: 2, reps: 10, holdSeconds: 12.5 });
  });

  it('takes logWorkout exactly as clients write it, sets with exercise, reps, holdSeconds, addedWeightKg and rpe', async () => {
    const { token } = await t.createUser();
    const goalId = await dailyHabit(t, token);
    const res = ok(
      await t.gql(
        token,
        `mutation ($goalId: ID!) {
          logWorkout(input: {
            goalId: $goalId
            date: "2021-06-14"
            occurredAt: "2021-06-14T10:00:00Z"
            durationMinutes: 45
            feeling: 5
            note: "band-assisted pull-ups, then weighted dips"
            sets: [
              { exercise: "Pull-up", reps: 8, holdSeconds: null, addedWeightKg: -15, rpe: 7 }
              { exercise: "dips", reps: 6, addedWeightKg: 10, rpe: 9.5 }
              { exercise: "tuck planche", holdSeconds: 12 }
            ]
          }) {
            workout { date occurredAt durationMinutes feeling note sets { exercise reps holdSeconds addedWeightKg rpe } log { date value } }
          }
        }`,
        { goalId },
      ),
    ).logWorkout.workout;
    expect(res).toEqual({
      date: '2021-06-14',
      occurredAt: '2021-06-14T10:00:00.000Z',
      durationMinutes: 45,
      feeling: 5,
      note: 'band-assisted pull-ups, then weighted dips',
      sets: [
        { exercise: 'pull-up', reps: 8, holdSeconds: null, addedWeightKg: -15, rpe: 7 },
        { exercise: 'dips', reps: 6, holdSeconds: null, addedWeightKg: 10, rpe: 9.5 },
        { exercise: 'tuck planche', reps: null, holdSeconds: 12, addedWeightKg: null, rpe: null },
      ],
      log: { date: '2021-06-14', value: 1 },
    });
  });

  it("keeps a daily habit's streak: one log per workout, moved, removed and deleted with it", async () => {
    const { token } = await t.createUser();
    const goalId = await dailyHabit(t, token);
    expect(ok(await t.gql(token, GOAL_STATE, { id: goalId })).goal.streak.current).toBe(0);

    const ids: string[] = [];
    for (const date of ['2021-06-13', '2021-06-14', '2021-06-15']) {
      const res = ok(
        await t.gql(token, LOG_WORKOUT, { input: { goalId, date, sets: [{ exercise: 'tuck planche', holdSeconds: 10 }] } }),
      ).logWorkout;
      expect(res.workout.log).toMatchObject({ date, value: 1 });
      expect(res.workout.goal.id).toBe(goalId);
      ids.push(res.workout.id);
    }
    let goal = ok(await t.gql(token, GOAL_STATE, { id: goalId })).goal;
    expect(goal.streak.current).toBe(3);
    expect(goal.logs.totalCount).toBe(3);

    // Editing the sets leaves the one log in place; detaching the goal removes it.
    const edited = ok(await t.gql(token, UPDATE_WORKOUT, { input: { id: ids[1], sets: [{ exercise: 'planche lean', holdSeconds: 30 }] } }))
      .updateWorkout.workout;
    expect(edited.sets).toEqual([{ exercise: 'planche lean' }]);
    expect(edited.log.date).toBe('2021-06-14');
    expect(ok(await t.gql(token, GOAL_STATE, { id: goalId })).goal.logs.totalCount).toBe(3);
    const detached = ok(await t.gql(token, UPDATE_WORKOUT, { input: { id: ids[1], goalId: null } })).updateWorkout.workout;
    expect(detached).toMatchObject({ goal: null, log: null });
    goal = ok(await t.gql(token, GOAL_STATE, { id: goalId })).goal;
    expect(goal.streak.current).toBe(1);
    expect(goal.logs.totalCount).toBe(2);

    // Re-attaching writes the log again; moving the workout moves it.
    const moved = ok(await t.gql(token, UPDATE_WORKOUT, { input: { id: ids[1], goalId, date: '2021-06-12' } })).updateWorkout.workout;
    expect(moved.log.date).toBe('2021-06-12');
    expect(ok(await t.gql(token, GOAL_STATE, { id: goalId })).goal.logs.edges.map((e: any) => e.node.date)).toEqual([
      '2021-06-15',
      '2021-06-13',
      '2021-06-12',
    ]);

    ok(await t.gql(token, DELETE_WORKOUT, { input: { id: ids[2] } }));
    goal = ok(await t.gql(token, GOAL_STATE, { id: goalId })).goal;
    expect(goal.logs.totalCount).toBe(2);
    expect(goal.streak.current).toBe(0); // the 14th is empty now
  });

  it('logs minutes toward a goal counted in minutes, and needs the duration for it', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'Training time', kind: 'TARGET', target: 600, unit: 'min' });
    const res = ok(await t.gql(token, LOG_WORKOUT, { input: { goalId, durationMinutes: 45 } })).logWorkout;
    expect(res.goal.progress.current).toBe(45);
    const bad = await t.gql(token, LOG_WORKOUT, { input: { goalId } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe('durationMinutes');
    expect(ok(await t.gql(token, WORKOUTS, {})).workouts.totalCount).toBe(1);
  });

  it.each([
    [
      {
        sets: [
          { exercise: 'tuck planche', holdSeconds: 10 },
          { exercise: 'tuck planche', holdSeconds: -1 },
        ],
      },
      'sets[1].holdSeconds',
    ],
    [{ sets: [{ exercise: 'tuck planche' }] }, 'sets[0].reps'],
    [{ sets: [{ exercise: ' ', reps: 3 }] }, 'sets[0].exercise'],
    [{ sets: [{ exercise: 'dips', reps: 3, rpe: 11 }] }, 'sets[0].rpe'],
    [{ sets: [{ exercise: 'dips', reps: 3, addedWeightKg: -600 }] }, 'sets[0].addedWeightKg'],
    [{ feeling: 6 }, 'feeling'],
    [{ durationMinutes: 0 }, 'durationMinutes'],
    [{ date: '2021-06-16' }, 'date'],
    [{ occurredAt: '2021-06-15T15:00:00Z' }, 'occurredAt'], // midnight in Seoul: the 16th
  ])('rejects %j on %s and saves nothing', async (input, field) => {
    const { token } = await t.createUser();
    const goalId = await dailyHabit(t, token);
    const res = await t.gql(token, LOG_WORKOUT, { input: { goalId, ...input } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe(field);
    expect(ok(await t.gql(token, WORKOUTS, {})).workouts.totalCount).toBe(0);
    expect(ok(await t.gql(token, GOAL_STATE, { id: goalId })).goal.logs.totalCount).toBe(0);
  });

  it('rejects a bad update without changing the workout or its log', async () => {
    const { token } = await t.createUser();
    const goalId = await dailyHabit(t, token);
    const { id } = ok(await t.gql(token, LOG_WORKOUT, { input: { goalId, date: '2021-06-14', sets: [{ exercise: 'dips', reps: 8 }] } }))
      .logWorkout.workout;
    const res = await t.gql(token, UPDATE_WORKOUT, { input: { id, date: '2021-06-13', sets: [{ exercise: 'dips', reps: -8 }] } });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sets[0].reps' });
    const after = ok(
      await t.gql(token, 'query($id: ID!) { node(id: $id) { ... on Workout { date sets { reps } log { date } } } }', { id }),
    ).node;
    expect(after).toEqual({ date: '2021-06-14', sets: [{ reps: 8 }], log: { date: '2021-06-14' } });
  });

  it('lists workouts newest first within from..to, a page at a time', async () => {
    const { token } = await t.createUser();
    for (const date of ['2021-06-01', '2021-06-05', '2021-06-10', '2021-06-12']) ok(await t.gql(token, LOG_WORKOUT, { input: { date } }));
    const first = ok(await t.gql(token, WORKOUTS, { from: '2021-06-02', to: '2021-06-12', first: 2 })).workouts;
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e: any) => e.node.date)).toEqual(['2021-06-12', '2021-06-10']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = ok(
      await t.gql(token, WORKOUTS, { from: '2021-06-02', to: '2021-06-12', first: 2, after: first.pageInfo.endCursor }),
    ).workouts;
    expect(next.edges.map((e: any) => e.node.date)).toEqual(['2021-06-05']);
    expect(errorCode(await t.gql(token, WORKOUTS, { from: '2021-06-10', to: '2021-06-01' }))).toBe('BAD_USER_INPUT');
  });

  it("keeps one user's workouts from another", async () => {
    const alice = await t.createUser();
    const bob = await t.createUser();
    const goalId = await dailyHabit(t, alice.token);
    const { id } = ok(await t.gql(alice.token, LOG_WORKOUT, { input: { goalId, sets: [{ exercise: 'dips', reps: 8 }] } })).logWorkout
      .workout;

    expect(ok(await t.gql(bob.token, 'query($id: ID!) { node(id: $id) { id } }', { id })).node).toBeNull();
    expect(errorCode(await t.gql(bob.token, UPDATE_WORKOUT, { input: { id, feeling: 1 } }))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(bob.token, DELETE_WORKOUT, { input: { id } }))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(bob.token, LOG_WORKOUT, { input: { goalId } }))).toBe('NOT_FOUND');
    const bobsOwn = ok(await t.gql(bob.token, LOG_WORKOUT, { input: {} })).logWorkout.workout.id;
    expect(errorCode(await t.gql(bob.token, UPDATE_WORKOUT, { input: { id: bobsOwn, goalId } }))).toBe('NOT_FOUND');
    expect(ok(await t.gql(bob.token, WORKOUTS, {})).workouts.edges.map((e: any) => e.node.id)).toEqual([bobsOwn]);
    expect(ok(await t.gql(alice.token, GOAL_STATE, { id: goalId })).goal.logs.totalCount).toBe(1);
  });

  it('sums a year of training for the year in review', async () => {
    const { user, token } = await t.createUser();
    ok(
      await t.gql(token, LOG_WORKOUT, {
        input: { date: '2020-12-31', durationMinutes: 20, sets: [{ exercise: 'tuck planche', holdSeconds: 20 }] },
      }),
    );
    ok(
      await t.gql(token, LOG_WORKOUT, {
        input: {
          date: '2021-01-04',
          durationMinutes: 30,
          sets: [
            { exercise: 'tuck planche', holdSeconds: 8 },
            { exercise: 'dips', reps: 10 },
          ],
        },
      }),
    );
    ok(await t.gql(token, LOG_WORKOUT, { input: { date: '2021-06-14', sets: [{ exercise: 'dips', reps: 12, addedWeightKg: 5 }] } }));
    const year = await t.app.services.workouts.yearInReview(user.id, 2021);
    expect(year).toMatchObject({ sessions: 2, minutes: 30, sets: 3, reps: 22, holdSeconds: 8 });
    expect(year.weeks).toHaveLength(52);
    expect(year.weeks[0]).toEqual({ week: '2021-W01', weekStart: '2021-01-04', sessions: 1, sets: 2, reps: 10, holdSeconds: 8 });
    expect(year.personalRecords).toEqual([
      expect.objectContaining({ exercise: 'tuck planche', maxHoldSeconds: 20, maxHoldOn: '2020-12-31', totalSets: 2 }),
      expect.objectContaining({ exercise: 'dips', maxReps: 12, maxRepsOn: '2021-06-14', maxWeightKg: 5 }),
    ]);
  });
});
