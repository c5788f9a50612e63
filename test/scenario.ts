import { ok, type TestApp } from './helpers';

/**
 * A small, varied year of data written through the API: every goal kind, a parent set after the child exists,
 * fractional values, notes with non-ASCII text, explicit and derived dates, milestones, a pause.
 * Returns the ids it made, in creation order. Deterministic, so two apps given it hold the same data.
 */
export async function writeScenario(t: TestApp, token: string): Promise<Record<string, string>> {
  const create = async (input: Record<string, unknown>) =>
    ok(await t.gql(token, 'mutation($i: CreateGoalInput!) { createGoal(input: $i) { goal { id } } }', { i: input })).createGoal.goal
      .id as string;
  const ids: Record<string, string> = {};
  ids.master = await create({
    title: 'Kaggle Competitions Master',
    kind: 'TARGET',
    target: 1,
    unit: 'gold medals',
    startDate: '2021-01-01',
    dueDate: '2021-12-31',
    tags: ['kaggle'],
  });
  ids.grandmaster = await create({ title: 'Kaggle Grandmaster', kind: 'TARGET', target: 5, unit: 'gold medals', startDate: '2021-01-01' });
  ok(
    await t.gql(token, 'mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { id } } }', {
      i: { id: ids.master, parentId: ids.grandmaster },
    }),
  );
  ids.planche = await create({
    title: '플랜체 훈련',
    kind: 'HABIT',
    unit: 'min',
    target: 30,
    frequency: { times: 1, perDays: 1 },
    startDate: '2021-05-01',
    tags: ['health', '운동'],
  });
  ids.reflect = await create({
    title: 'Weekly reflection',
    kind: 'HABIT',
    frequency: { times: 1, perDays: 7, weekdays: ['SUNDAY'] },
    startDate: '2021-05-01',
  });
  ids.paper = await create({
    title: 'Super-resolution paper',
    kind: 'MILESTONES',
    startDate: '2021-01-01',
    dueDate: '2021-11-15',
    description: 'CVPR or ECCV',
  });
  const log = async (goalId: string, input: Record<string, unknown>) =>
    ok(await t.gql(token, 'mutation($i: LogProgressInput!) { logProgress(input: $i) { log { id } } }', { i: { goalId, ...input } }))
      .logProgress.log.id as string;
  for (let day = 1; day <= 31; day++) {
    const date = `2021-05-${String(day).padStart(2, '0')}`;
    if (day % 4 !== 0)
      await log(ids.planche, { date, value: 20 + (day % 7) * 2.5, note: day % 10 === 0 ? `턱 플랜체 ${day}초 유지` : null });
  }
  await log(ids.planche, { occurredAt: '2021-06-15T14:59:59.999Z' });
  await log(ids.planche, { occurredAt: '2021-06-01T15:00:00+09:00', value: 0.1 });
  for (const date of ['2021-05-02', '2021-05-09', '2021-05-23', '2021-06-06'])
    await log(ids.reflect, { date, note: 'what went well, what to change' });
  ids.silver = await log(ids.master, { date: '2021-03-10', value: 0.5, note: 'silver, counted as half' });
  const add = async (title: string, dueDate: string) =>
    ok(
      await t.gql(token, 'mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } } }', {
        i: { goalId: ids.paper, title, dueDate },
      }),
    ).addMilestone.milestone.id as string;
  ids.idea = await add('idea', '2021-02-01');
  ids.experiments = await add('experiments', '2021-06-30');
  await add('draft', '2021-10-01');
  ok(
    await t.gql(token, 'mutation($i: CompleteMilestoneInput!) { completeMilestone(input: $i) { milestone { id } } }', {
      i: { id: ids.idea, achievedOn: '2021-01-20', evidenceUrl: 'https://example.org/idea' },
    }),
  );
  ok(
    await t.gql(token, 'mutation($i: PauseGoalInput!) { pauseGoal(input: $i) { pause { id } } }', {
      i: { goalId: ids.planche, from: '2021-05-20', to: '2021-05-24', reason: 'rest week' },
    }),
  );

  // Every goal type, so that every table holds rows (Kaggle results and workouts own logs; pipelines point at venues).
  // title and startDate at the top level of the input; anything else as overrides.
  const fromTemplate = async (template: string, { title, startDate, ...overrides }: Record<string, unknown>) =>
    ok(
      await t.gql(token, 'mutation($i: CreateGoalFromTemplateInput!) { createGoalFromTemplate(input: $i) { goal { id } } }', {
        i: { template, title, startDate, overrides },
      }),
    ).createGoalFromTemplate.goal.id as string;
  ids.kaggle = await fromTemplate('KAGGLE_COMPETITIONS', { startDate: '2021-01-01' });
  for (const [competition, rank] of [
    ['Birdcall', 40],
    ['Shopee', 12],
  ] as const) {
    ok(
      await t.gql(token, 'mutation($i: LogKaggleResultInput!) { logKaggleResult(input: $i) { result { id } } }', {
        i: { goalId: ids.kaggle, competition, kind: 'FEATURED', teams: 1390, rank, teamSize: 4, date: '2021-04-10' },
      }),
    );
  }
  ids.venue = ok(
    await t.gql(token, 'mutation($i: CreateVenueInput!) { createVenue(input: $i) { venue { id } } }', {
      i: { name: 'CVPR 2022', deadline: '2021-11-16', requestId: 'venue-cvpr-2022' },
    }),
  ).createVenue.venue.id;
  ids.pipeline = await fromTemplate('PAPER_PIPELINE', { startDate: '2021-01-01', venueId: ids.venue });
  ids.ladder = await fromTemplate('SKILL_LADDER_PLANCHE', { startDate: '2021-05-01' });
  for (const [date, hold] of [
    ['2021-05-03', 12.5],
    ['2021-05-05', 14],
  ] as const) {
    ok(
      await t.gql(token, 'mutation($i: LogWorkoutInput!) { logWorkout(input: $i) { workout { id } } }', {
        i: {
          goalId: ids.ladder,
          date,
          durationMinutes: 35,
          feeling: 4,
          sets: [
            { exercise: 'tuck planche', holdSeconds: hold, rpe: 8.5 },
            { exercise: 'planche lean', holdSeconds: 30, addedWeightKg: -5 },
          ],
        },
      }),
    );
  }
  ids.communication = await fromTemplate('REFLECTION', { title: 'Communication practice', startDate: '2021-05-01' });
  for (const input of [
    { goalId: ids.planche, at: '21:30', weekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], when: 'IF_DUE', requestId: 'planche-evening' },
    { goalId: ids.planche, at: '07:00', when: 'IF_STREAK_AT_RISK' },
    { goalId: ids.communication, at: '18:00' },
  ])
    ok(await t.gql(token, 'mutation($i: SetReminderInput!) { setReminder(input: $i) { reminder { id } } }', { i: input }));
  ok(await t.gql(token, 'mutation { updateViewer(input: { dailyCheckAt: "19:30" }) { viewer { id } } }'));
  ok(
    await t.gql(token, 'mutation($i: LogReflectionInput!) { logReflection(input: $i) { log { id } } }', {
      i: { goalId: ids.communication, date: '2021-05-07', rating: 3, note: '회의에서 먼저 말하기' },
    }),
  );
  return ids;
}

/** Queries whose answers must be identical wherever the same data lives. */
export const SCENARIO_QUERIES: string[] = [
  '{ viewer { id handle displayName timeZone dayStartsAt dailyCheckAt createdAt } }',
  `{ goals(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      id title description kind status unit target targetType frequency { times perDays weekdays } startDate dueDate achievedOn tags createdAt updatedAt
      parent { id } progress { current target percent } pauses { id from to reason }
      milestones { id title position dueDate achievedOn evidenceUrl }
      reminders { id at weekdays when }
      logs(first: 40) { totalCount edges { cursor node { id value date occurredAt note createdAt } } }
      streak { current longest longestStart longestEnd } score pace { expectedToDate actual onTrack daysAhead neededPerDay projectedCompletion } attention
      scoreHistory(from: "2021-05-01", to: "2021-06-15") { date score }
  } } } }`,
  '{ goals(needsAttention: true) { totalCount edges { node { id attention } } } }',
  `{ goals(first: 20) { edges { node { id template
      kaggle { tier nextTier medals { gold silver bronze } missing { medal count } missingDetail { summary } results { id competition medal date } }
      pipeline { deadline submissionStage currentStage { plannedDate late daysLate milestone { title } } nextDeadline { date daysLeft } venue { id name deadline } }
      skill(weeks: 8) { currentLevel { name reachedOn } nextLevel { name criterion } bestHoldSeconds gap { bestHoldSeconds missingSets progress }
        personalRecords { exercise maxHoldSeconds maxHoldOn maxWeightKg totalSets } weeklyVolume { week sessions sets holdSeconds } }
      reflection(months: 3) { averageRating ratedLogs slope trend months { month } }
  } } } }`,
  '{ goals(last: 2) { edges { node { id logs(last: 3, from: "2021-05-10", to: "2021-05-31") { totalCount edges { node { id date value } } } } } } }',
];
