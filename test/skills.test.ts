import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

const SKILL = /* GraphQL */ `
  query ($id: ID!, $weeks: Int) {
    goal(id: $id) {
      template
      streak {
        current
      }
      skill(weeks: $weeks) {
        levels {
          id
          position
          name
          reachedOn
          criterion
          criterionDetail {
            sets
            reps
            holdSeconds
            addedWeightKg
            summary
          }
        }
        currentLevel {
          position
          name
          reachedOn
        }
        nextLevel {
          id
          position
          name
          criterion
        }
        bestHoldSeconds
        gap {
          since
          bestSessionSets
          bestReps
          bestHoldSeconds
          missingSets
          missingReps
          missingHoldSeconds
          bestWeightKg
          missingWeightKg
          progress
        }
        personalRecords {
          exercise
          maxHoldSeconds
          maxHoldOn
          maxReps
          totalSets
        }
        weeklyVolume {
          week
          weekStart
          sessions
          sets
          reps
          holdSeconds
        }
      }
    }
  }
`;

const SET_CRITERION = /* GraphQL */ `
  mutation ($input: SetLadderCriterionInput!) {
    setLadderCriterion(input: $input) {
      level {
        id
        name
        reachedOn
        criterion
        criterionDetail {
          sets
          holdSeconds
          summary
        }
      }
      goal {
        id
      }
    }
  }
`;

async function plancheGoal(t: TestApp, token: string): Promise<string> {
  const data = ok(
    await t.gql(
      token,
      'mutation($i: CreateGoalFromTemplateInput!) { createGoalFromTemplate(input: $i) { goal { id kind frequency { times perDays } } } }',
      {
        i: { template: 'SKILL_LADDER_PLANCHE', overrides: { startDate: '2021-06-01' } },
      },
    ),
  );
  expect(data.createGoalFromTemplate.goal).toMatchObject({ kind: 'HABIT', frequency: { times: 1, perDays: 1 } });
  return data.createGoalFromTemplate.goal.id;
}

const holds = (exercise: string, ...seconds: number[]) => seconds.map((holdSeconds) => ({ exercise, holdSeconds }));

async function train(t: TestApp, token: string, goalId: string | null, date: string, sets: unknown[]) {
  ok(await t.gql(token, 'mutation($i: LogWorkoutInput!) { logWorkout(input: $i) { workout { id } } }', { i: { goalId, date, sets } }));
}

describe('skill ladders', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-15T12:00:00Z' });
  });
  afterAll(() => t.close());

  it('starts the planche preset at the planche lean', async () => {
    const { token } = await t.createUser();
    const goal = ok(await t.gql(token, SKILL, { id: await plancheGoal(t, token) })).goal;
    expect(goal.template).toBe('SKILL_LADDER_PLANCHE');
    expect(goal.skill.levels.map((l: any) => l.name)).toEqual([
      'planche lean',
      'tuck planche',
      'advanced tuck planche',
      'straddle planche',
      'half lay planche',
      'full planche',
    ]);
    expect(goal.skill.levels[1].criterion).toBe('3 × 10 s holds');
    expect(goal.skill.levels[1].criterionDetail).toEqual({
      sets: 3,
      reps: null,
      holdSeconds: 10,
      addedWeightKg: null,
      summary: '3 × 10 s holds',
    });
    expect(goal.skill.currentLevel).toBeNull();
    expect(goal.skill.nextLevel).toMatchObject({ position: 1, name: 'planche lean', criterion: '3 × 30 s holds' });
    expect(goal.skill.bestHoldSeconds).toBeNull();
    expect(goal.skill.gap).toMatchObject({ bestSessionSets: 0, missingSets: 3, missingHoldSeconds: 30, progress: 0 });
  });

  it('finds the current level, the gap to the next, records and weekly volume from linked workouts', async () => {
    const { token } = await t.createUser();
    const goalId = await plancheGoal(t, token);
    await train(t, token, goalId, '2021-06-13', holds('Planche Lean', 30, 32, 35));
    await train(t, token, goalId, '2021-06-14', holds('tuck planche', 12, 10, 8));
    await train(t, token, goalId, '2021-06-15', [...holds('tuck planche', 12, 11, 10), ...holds('advanced tuck planche', 5)]);

    const goal = ok(await t.gql(token, SKILL, { id: goalId, weeks: 2 })).goal;
    expect(goal.streak.current).toBe(3);
    const skill = goal.skill;
    expect(skill.levels.map((l: any) => l.reachedOn)).toEqual(['2021-06-13', '2021-06-15', null, null, null, null]);
    expect(skill.currentLevel).toEqual({ position: 2, name: 'tuck planche', reachedOn: '2021-06-15' });
    expect(skill.nextLevel).toMatchObject({ position: 3, name: 'advanced tuck planche' });
    expect(skill.bestHoldSeconds).toBe(5);
    expect(skill.gap).toMatchObject({
      since: '2021-05-19',
      bestSessionSets: 0,
      bestHoldSeconds: 5,
      missingSets: 3,
      missingHoldSeconds: 5,
      missingReps: null,
      missingWeightKg: null,
    });
    expect(skill.gap.progress).toBeCloseTo(0.5 / 3, 9);
    expect(skill.personalRecords.slice(0, 3)).toEqual([
      { exercise: 'planche lean', maxHoldSeconds: 35, maxHoldOn: '2021-06-13', maxReps: null, totalSets: 3 },
      { exercise: 'tuck planche', maxHoldSeconds: 12, maxHoldOn: '2021-06-14', maxReps: null, totalSets: 6 },
      { exercise: 'advanced tuck planche', maxHoldSeconds: 5, maxHoldOn: '2021-06-15', maxReps: null, totalSets: 1 },
    ]);
    expect(skill.weeklyVolume).toEqual([
      { week: '2021-W23', weekStart: '2021-06-07', sessions: 1, sets: 3, reps: 0, holdSeconds: 97 },
      { week: '2021-W24', weekStart: '2021-06-14', sessions: 2, sets: 7, reps: 0, holdSeconds: 68 },
    ]);
  });

  it('lets the viewer change a criterion, which moves the level back', async () => {
    const { token } = await t.createUser();
    const goalId = await plancheGoal(t, token);
    await train(t, token, goalId, '2021-06-13', holds('planche lean', 30, 30, 30));
    await train(t, token, null, '2021-06-14', holds('tuck planche', 12, 10, 8)); // not linked: still counts for the ladder
    await train(t, token, null, '2021-06-15', holds('tuck planche', 12, 11, 10));
    const before = ok(await t.gql(token, SKILL, { id: goalId })).goal.skill;
    expect(before.currentLevel.name).toBe('tuck planche');

    const tuck = before.levels[1].id;
    const changed = ok(
      await t.gql(token, SET_CRITERION, { input: { levelId: tuck, criterion: { sets: 3, holdSeconds: 12 } } }),
    ).setLadderCriterion;
    expect(changed.level).toEqual({
      id: tuck,
      name: 'tuck planche',
      reachedOn: null,
      criterion: '3 × 12 s holds',
      criterionDetail: { sets: 3, holdSeconds: 12, summary: '3 × 12 s holds' },
    });
    const after = ok(await t.gql(token, SKILL, { id: goalId })).goal.skill;
    expect(after.currentLevel.name).toBe('planche lean');
    expect(after.nextLevel.id).toBe(tuck);
    expect(after.gap).toMatchObject({ bestSessionSets: 1, bestHoldSeconds: 12, missingSets: 2, missingHoldSeconds: 0 });
    expect(after.gap.progress).toBeCloseTo(11 / 12, 9);
  });

  it('rejects a bad criterion naming the field, changing nothing', async () => {
    const { token } = await t.createUser();
    const goalId = await plancheGoal(t, token);
    const levelId = ok(await t.gql(token, SKILL, { id: goalId })).goal.skill.levels[0].id;
    for (const [criterion, field] of [
      [{ sets: 0, holdSeconds: 10 }, 'criterion.sets'],
      [{ sets: 3 }, 'criterion.reps'],
      [{ sets: 3, holdSeconds: -5 }, 'criterion.holdSeconds'],
      [{ sets: 3, reps: 5, addedWeightKg: 2000 }, 'criterion.addedWeightKg'],
    ] as const) {
      const res = await t.gql(token, SET_CRITERION, { input: { levelId, criterion } });
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(ok(await t.gql(token, SKILL, { id: goalId })).goal.skill.levels[0].criterion).toBe('3 × 30 s holds');
  });

  it('gives any goal a custom ladder, with weighted and assisted criteria', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'One-arm pull-up', kind: 'MILESTONES' });
    expect(ok(await t.gql(token, SKILL, { id: goalId })).goal.skill).toBeNull();
    const levels = [
      { exercise: 'Assisted one-arm pull-up', criterion: { sets: 3, reps: 3, addedWeightKg: -10 } },
      { exercise: 'Weighted pull-up', criterion: { sets: 2, reps: 5, addedWeightKg: 20 } },
    ];
    ok(await t.gql(token, 'mutation($i: SetSkillLadderInput!) { setSkillLadder(input: $i) { goal { id } } }', { i: { goalId, levels } }));
    await train(
      t,
      token,
      null,
      '2021-06-10',
      [1, 2, 3].map(() => ({ exercise: 'assisted one-arm pull-up', reps: 3, addedWeightKg: -5 })),
    );
    const skill = ok(await t.gql(token, SKILL, { id: goalId })).goal.skill;
    expect(skill.levels.map((l: any) => l.criterion)).toEqual(['3 × 3 reps, at most 10 kg assistance', '2 × 5 reps, +20 kg']);
    expect(skill.levels.map((l: any) => l.criterionDetail.addedWeightKg)).toEqual([-10, 20]);
    expect(skill.currentLevel.name).toBe('assisted one-arm pull-up');
    expect(skill.gap).toMatchObject({ missingSets: 2, missingReps: 5, bestWeightKg: null, missingWeightKg: 20 }); // no weighted pull-up yet
    expect(skill.bestHoldSeconds).toBeNull(); // reps only: no hold

    const duplicate = await t.gql(token, 'mutation($i: SetSkillLadderInput!) { setSkillLadder(input: $i) { goal { id } } }', {
      i: { goalId, levels: [levels[0], levels[0]] },
    });
    expect(duplicate.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'levels[1].exercise' });
  });

  it("keeps one user's ladder and sets from another", async () => {
    const alice = await t.createUser();
    const bob = await t.createUser();
    const goalId = await plancheGoal(t, alice.token);
    const levelId = ok(await t.gql(alice.token, SKILL, { id: goalId })).goal.skill.levels[0].id;
    await train(t, bob.token, null, '2021-06-15', holds('planche lean', 60, 60, 60));
    expect(ok(await t.gql(alice.token, SKILL, { id: goalId })).goal.skill.currentLevel).toBeNull();
    expect(errorCode(await t.gql(bob.token, SET_CRITERION, { input: { levelId, criterion: { sets: 1, holdSeconds: 1 } } }))).toBe(
      'NOT_FOUND',
    );
    expect(ok(await t.gql(bob.token, 'query($id: ID!) { node(id: $id) { id } }', { id: levelId })).node).toBeNull();
    expect(
      ok(await t.gql(alice.token, 'query($id: ID!) { node(id: $id) { ... on LadderLevel { name } } }', { id: levelId })).node.name,
    ).toBe('planche lean');
    expect(
      errorCode(
        await t.gql(bob.token, 'mutation($i: SetSkillLadderInput!) { setSkillLadder(input: $i) { goal { id } } }', {
          i: { goalId, levels: [{ exercise: 'x', criterion: { sets: 1, reps: 1 } }] },
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('lists the levels first reached in a year for the year in review', async () => {
    const { user, token } = await t.createUser();
    const goalId = await plancheGoal(t, token);
    await train(t, token, goalId, '2020-11-01', holds('planche lean', 30, 30, 30));
    await train(t, token, goalId, '2021-06-14', holds('tuck planche', 10, 10, 10));
    expect(await t.app.services.skills.levelsReachedIn(user.id, 2021)).toEqual([
      { goalId: expect.any(Number), goalTitle: 'Full planche', position: 2, exercise: 'tuck planche', reachedOn: '2021-06-14' },
    ]);
    expect((await t.app.services.skills.levelsReachedIn(user.id, 2020)).map((l) => l.exercise)).toEqual(['planche lean']);
  });
});

describe('skill ladders through the names clients rely on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-15T12:00:00Z' });
  });
  afterAll(() => t.close());

  const SKILL_NOW = /* GraphQL */ `
    query ($id: ID!) {
      goal(id: $id) {
        skill {
          currentLevel {
            name
          }
          nextLevel {
            name
            criterion
          }
          bestHoldSeconds
        }
      }
    }
  `;

  const LOG_WORKOUT = /* GraphQL */ `
    mutation ($input: LogWorkoutInput!) {
      logWorkout(input: $input) {
        workout {
          id
          sets {
            exercise
            reps
            holdSeconds
            addedWeightKg
            rpe
          }
        }
      }
    }
  `;

  it('moves a planche goal up a level as its workout history grows, matching exercise names without case', async () => {
    const { token } = await t.createUser();
    const goalId = ok(
      await t.gql(
        token,
        `mutation {
          createGoalFromTemplate(input: { template: SKILL_LADDER_PLANCHE, title: "Full planche", startDate: "2021-06-01" }) {
            goal { id }
          }
        }`,
      ),
    ).createGoalFromTemplate.goal.id as string;
    const skill = async () => ok(await t.gql(token, SKILL_NOW, { id: goalId })).goal.skill;
    const set = (exercise: string, holdSeconds: number, addedWeightKg: number | null = null) => ({
      exercise,
      reps: null,
      holdSeconds,
      addedWeightKg,
      rpe: 8,
    });
    const train = async (date: string, sets: unknown[]) =>
      ok(await t.gql(token, LOG_WORKOUT, { input: { goalId, date, occurredAt: null, durationMinutes: 30, feeling: 4, note: null, sets } }))
        .logWorkout.workout;

    expect(await skill()).toEqual({
      currentLevel: null,
      nextLevel: { name: 'planche lean', criterion: '3 × 30 s holds' },
      bestHoldSeconds: null,
    });

    await train('2021-06-08', [set('Planche Lean', 30), set('planche lean', 32), set('PLANCHE LEAN', 31, -5)]);
    expect(await skill()).toEqual({
      currentLevel: { name: 'planche lean' },
      nextLevel: { name: 'tuck planche', criterion: '3 × 10 s holds' },
      bestHoldSeconds: null, // no tuck planche yet
    });

    await train('2021-06-11', [set('Tuck Planche', 8), set('tuck planche', 9)]);
    expect(await skill()).toEqual({
      currentLevel: { name: 'planche lean' },
      nextLevel: { name: 'tuck planche', criterion: '3 × 10 s holds' },
      bestHoldSeconds: 9,
    });

    const workout = await train('2021-06-14', [
      set('  TUCK   planche ', 10),
      set('tuck planche', 12),
      set('Tuck planche', 11),
      set('advanced tuck planche', 4),
    ]);
    expect(workout.sets[0]).toEqual({ exercise: 'tuck planche', reps: null, holdSeconds: 10, addedWeightKg: null, rpe: 8 });
    expect(await skill()).toEqual({
      currentLevel: { name: 'tuck planche' },
      nextLevel: { name: 'advanced tuck planche', criterion: '3 × 10 s holds' },
      bestHoldSeconds: 4,
    });
  });

  it('takes the best hold of the top level once the ladder is climbed', async () => {
    const { token } = await t.createUser();
    const goalId = await createGoal(t, token, { title: 'L-sit', kind: 'HABIT' });
    ok(
      await t.gql(token, 'mutation($i: SetSkillLadderInput!) { setSkillLadder(input: $i) { goal { id } } }', {
        i: { goalId, levels: [{ exercise: 'L-sit', criterion: { sets: 1, holdSeconds: 10 } }] },
      }),
    );
    ok(
      await t.gql(
        token,
        `mutation {
          logWorkout(input: { date: "2021-06-14", sets: [
            { exercise: "l-sit", reps: null, holdSeconds: 15, addedWeightKg: 2.5, rpe: 9 },
            { exercise: "L-SIT", holdSeconds: 18 }
          ] }) { workout { id } }
        }`,
      ),
    );
    expect(ok(await t.gql(token, SKILL_NOW, { id: goalId })).goal.skill).toEqual({
      currentLevel: { name: 'l-sit' },
      nextLevel: null,
      bestHoldSeconds: 18,
    });
  });
});
