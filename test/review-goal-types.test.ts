import { createGoal, ok, startTestApp, type TestApp } from './helpers';

/**
 * The typed goals in the year in review, with known answers, through GraphQL and in both Markdown locales and
 * the HTML report. The viewer lives in Asia/Seoul; the clock stands at 2022-01-15, so 2020 and 2021 are whole.
 *
 * - Kaggle (template, from 2020-01-01): Competition A silver 03-01, Competition B bronze 06-01, a result without a
 *   medal 09-16, Competition C silver 11-20. Kaggle 2021 (template, from 2021-01-01): a gold 2021-03-01, team of 2.
 * - Planche (template, from 2020-01-01): planche lean 3×30 s 2019-12-20; tuck planche 3×10 s and push-ups 2×15
 *   2020-03-10 (40 min); tuck planche 3×12 s 03-12 (20 min); advanced tuck planche 3×10 s 09-30 (45 min), with an
 *   L-sit whose name is hostile; straddle planche 1×3 s 2021-01-05.
 * - Paper (template, from 2020-10-01) toward a venue due 2022-03-07: planned idea 2021-02-09, experiments
 *   2021-06-19, draft 2021-10-28; idea done 2021-01-17, experiments 2021-07-01.
 * - Communication (REFLECTION, from 2020-01-01): rated 2, 3, 3, 4 in January to April 2020.
 * - Rest (REST_DAYS, from 2020-06-01): never rated. Plain (TARGET): nothing typed.
 */

const TYPED = /* GraphQL */ `
  query Typed($year: Int!) {
    yearInReview(year: $year) {
      workouts {
        sessions
        minutes
        sets
        reps
        holdSeconds
        weeks {
          week
          weekStart
          sessions
          sets
          reps
          holdSeconds
        }
        personalRecords {
          exercise
          maxHoldSeconds
          maxHoldOn
          maxReps
          maxRepsOn
          maxWeightKg
          maxWeightOn
        }
      }
      goals {
        goal {
          id
          title
        }
        kaggle {
          results
          medals {
            gold
            silver
            bronze
            soloGold
          }
          tierAtStart
          tierAtEnd
          tiersReached {
            tier
            reachedOn
          }
          nextTier
          missing {
            gold
            silver
            bronze
            soloGold
            entries
            summary
          }
        }
        skill {
          levelAtStart {
            name
            reachedOn
          }
          levelAtEnd {
            name
            reachedOn
          }
          levelsReached {
            position
            name
            reachedOn
          }
          nextLevel {
            name
            reachedOn
            criterion
            criterionDetail {
              summary
            }
          }
          volume {
            sessions
            sets
            reps
            holdSeconds
          }
        }
        pipeline {
          venue {
            name
          }
          deadline
          stagesCompleted {
            milestone {
              title
              achievedOn
            }
            plannedDate
            late
            daysLate
          }
          nextStage {
            milestone {
              title
              achievedOn
            }
            plannedDate
            late
            daysLate
          }
        }
        reflection {
          months {
            month
            average
            count
          }
          slope
          trend
          ratedLogs
          averageRating
        }
      }
    }
  }
`;

const FROM_TEMPLATE = 'mutation($i: CreateGoalFromTemplateInput!) { createGoalFromTemplate(input: $i) { goal { id milestones { id } } } }';
const HOSTILE_VENUE = 'ECCV <2022> & "co"';
const HOSTILE_EXERCISE = 'L-sit <b>hold</b> & more';

interface Fixture {
  token: string;
  ids: Record<'kaggle' | 'kaggle2021' | 'planche' | 'paper' | 'talk' | 'rest' | 'plain', string>;
}

async function build(t: TestApp): Promise<Fixture> {
  const { token } = await t.createUser({ timeZone: 'Asia/Seoul' });
  const template = async (tpl: string, overrides: Record<string, unknown>) =>
    ok(await t.gql(token, FROM_TEMPLATE, { i: { template: tpl, overrides } })).createGoalFromTemplate.goal as {
      id: string;
      milestones: Array<{ id: string }>;
    };
  const result = async (goalId: string, input: Record<string, unknown>) =>
    ok(
      await t.gql(token, 'mutation($i: LogKaggleResultInput!) { logKaggleResult(input: $i) { result { id } } }', {
        i: { goalId, kind: 'FEATURED', teamSize: 3, ...input },
      }),
    );
  const workout = async (goalId: string, date: string, durationMinutes: number | null, sets: unknown[]) =>
    ok(
      await t.gql(token, 'mutation($i: LogWorkoutInput!) { logWorkout(input: $i) { workout { id } } }', {
        i: { goalId, date, durationMinutes, sets },
      }),
    );
  const holds = (exercise: string, ...seconds: number[]) => seconds.map((holdSeconds) => ({ exercise, holdSeconds }));
  const rate = async (goalId: string, date: string, rating: number) =>
    ok(
      await t.gql(token, 'mutation($i: LogReflectionInput!) { logReflection(input: $i) { log { id } } }', { i: { goalId, date, rating } }),
    );

  const kaggle = (await template('KAGGLE_COMPETITIONS', { title: 'Kaggle 2020', startDate: '2020-01-01' })).id;
  await result(kaggle, { competition: 'Competition A', medal: 'SILVER', date: '2020-03-01' });
  await result(kaggle, { competition: 'Competition B', medal: 'BRONZE', date: '2020-06-01' });
  await result(kaggle, { competition: 'Cornell Bird Identification', medal: 'NONE', date: '2020-09-16' });
  await result(kaggle, { competition: 'Competition C', medal: 'SILVER', date: '2020-11-20' });
  const kaggle2021 = (await template('KAGGLE_COMPETITIONS', { title: 'Kaggle 2021', startDate: '2021-01-01' })).id;
  await result(kaggle2021, { competition: 'Competition D', medal: 'GOLD', teamSize: 2, date: '2021-03-01' });

  const planche = (await template('SKILL_LADDER_PLANCHE', { title: 'Planche', startDate: '2020-01-01' })).id;
  await workout(planche, '2019-12-20', 30, holds('planche lean', 30, 30, 30));
  await workout(planche, '2020-03-10', 40, [
    ...holds('tuck planche', 10, 10, 10),
    { exercise: 'push-ups', reps: 15 },
    { exercise: 'push-ups', reps: 12 },
  ]);
  await workout(planche, '2020-03-12', 20, holds('tuck planche', 12, 12, 12));
  await workout(planche, '2020-09-30', 45, [...holds('advanced tuck planche', 10, 10, 10), ...holds(HOSTILE_EXERCISE, 20)]);
  await workout(planche, '2021-01-05', null, holds('straddle planche', 3));

  const venueId = ok(
    await t.gql(token, 'mutation($i: CreateVenueInput!) { createVenue(input: $i) { venue { id } } }', {
      i: { name: HOSTILE_VENUE, deadline: '2022-03-07' },
    }),
  ).createVenue.venue.id;
  const paper = await template('PAPER_PIPELINE', { title: 'SR paper', startDate: '2020-10-01', venueId });
  const complete = 'mutation($i: CompleteMilestoneInput!) { completeMilestone(input: $i) { milestone { id } } }';
  ok(await t.gql(token, complete, { i: { id: paper.milestones[0].id, achievedOn: '2021-01-17' } }));
  ok(await t.gql(token, complete, { i: { id: paper.milestones[1].id, achievedOn: '2021-07-01' } }));

  const talk = (await template('REFLECTION', { title: 'Communication practice', startDate: '2020-01-01' })).id;
  for (const [date, rating] of [
    ['2020-01-10', 2],
    ['2020-02-14', 3],
    ['2020-03-20', 3],
    ['2020-04-17', 4],
  ] as const)
    await rate(talk, date, rating);
  const rest = (await template('REST_DAYS', { title: 'Rest', startDate: '2020-06-01' })).id;
  const plain = await createGoal(t, token, { title: 'Plain', kind: 'TARGET', target: 2, startDate: '2020-01-01' });
  return { token, ids: { kaggle, kaggle2021, planche, paper: paper.id, talk, rest, plain } };
}

let t: TestApp;
let f: Fixture;

beforeAll(async () => {
  t = await startTestApp({ now: '2022-01-15T03:00:00Z', countStatements: true });
  f = await build(t);
});

afterAll(() => t.close());

async function review(year: number, token = f.token) {
  return ok(await t.gql(token, TYPED, { year })).yearInReview;
}

const goalOf = (r: any, id: string) => r.goals.find((g: any) => g.goal.id === id);
const markdown = async (year: number, locale: 'EN' | 'KO') =>
  ok(await t.gql(f.token, 'query($y: Int!, $l: Locale) { yearInReview(year: $y) { markdown(locale: $l) } }', { y: year, l: locale }))
    .yearInReview.markdown as string;

describe('yearInReview: Kaggle', () => {
  it("counts the goal's medals of the year and the person's tier at both ends", async () => {
    const kaggle = goalOf(await review(2020), f.ids.kaggle).kaggle;
    expect(kaggle).toEqual({
      results: 4,
      medals: { gold: 0, silver: 2, bronze: 1, soloGold: 0 },
      tierAtStart: 'NOVICE',
      tierAtEnd: 'EXPERT',
      tiersReached: [
        { tier: 'CONTRIBUTOR', reachedOn: '2020-03-01' },
        { tier: 'EXPERT', reachedOn: '2020-06-01' },
      ],
      nextTier: 'MASTER',
      missing: { gold: 1, silver: 0, bronze: 0, soloGold: 0, entries: 0, summary: '1 gold medal' },
    });
  });

  it("starts a new year's Kaggle goal at the tier the earlier goals reached", async () => {
    const r = await review(2021);
    expect(goalOf(r, f.ids.kaggle)).toBeUndefined();
    expect(goalOf(r, f.ids.kaggle2021).kaggle).toMatchObject({
      results: 1,
      medals: { gold: 1, silver: 0, bronze: 0, soloGold: 0 },
      tierAtStart: 'EXPERT',
      tierAtEnd: 'MASTER',
      tiersReached: [{ tier: 'MASTER', reachedOn: '2021-03-01' }],
      nextTier: 'GRANDMASTER',
      missing: { gold: 4, soloGold: 1 },
    });
  });
});

describe('yearInReview: skill ladders and training', () => {
  it("gives the levels at both ends, the levels reached and the ladder's training of the year", async () => {
    expect(goalOf(await review(2020), f.ids.planche).skill).toEqual({
      levelAtStart: { name: 'planche lean', reachedOn: '2019-12-20' },
      levelAtEnd: { name: 'advanced tuck planche', reachedOn: '2020-09-30' },
      levelsReached: [
        { position: 2, name: 'tuck planche', reachedOn: '2020-03-10' },
        { position: 3, name: 'advanced tuck planche', reachedOn: '2020-09-30' },
      ],
      nextLevel: {
        name: 'straddle planche',
        reachedOn: null,
        criterion: '3 × 10 s holds',
        criterionDetail: { summary: '3 × 10 s holds' },
      },
      volume: { sessions: 3, sets: 9, reps: 0, holdSeconds: 96 },
    });
    expect(goalOf(await review(2021), f.ids.planche).skill).toMatchObject({
      levelsReached: [],
      levelAtEnd: { name: 'advanced tuck planche' },
      volume: { sessions: 1, holdSeconds: 3 },
    });
  });

  it("sums the year's workouts, by ISO week, with the personal records set in it", async () => {
    const w = (await review(2020)).workouts;
    expect(w).toMatchObject({ sessions: 3, minutes: 105, sets: 12, reps: 27, holdSeconds: 116 });
    expect(w.weeks).toHaveLength(52);
    expect(w.weeks[0].weekStart).toBe('2020-01-06');
    expect(w.weeks.find((x: any) => x.weekStart === '2020-03-09')).toEqual({
      week: '2020-W11',
      weekStart: '2020-03-09',
      sessions: 2,
      sets: 8,
      reps: 27,
      holdSeconds: 66,
    });
    // planche lean's record was set in 2019: it is not one of 2020's.
    expect(w.personalRecords).toEqual([
      {
        exercise: 'tuck planche',
        maxHoldSeconds: 12,
        maxHoldOn: '2020-03-12',
        maxReps: null,
        maxRepsOn: null,
        maxWeightKg: null,
        maxWeightOn: null,
      },
      {
        exercise: 'push-ups',
        maxHoldSeconds: null,
        maxHoldOn: null,
        maxReps: 15,
        maxRepsOn: '2020-03-10',
        maxWeightKg: null,
        maxWeightOn: null,
      },
      {
        exercise: 'advanced tuck planche',
        maxHoldSeconds: 10,
        maxHoldOn: '2020-09-30',
        maxReps: null,
        maxRepsOn: null,
        maxWeightKg: null,
        maxWeightOn: null,
      },
      {
        exercise: 'l-sit <b>hold</b> & more',
        maxHoldSeconds: 20,
        maxHoldOn: '2020-09-30',
        maxReps: null,
        maxRepsOn: null,
        maxWeightKg: null,
        maxWeightOn: null,
      },
    ]);
  });
});

describe('yearInReview: pipelines', () => {
  it('measures the stages completed in the year against their plan, and names the next', async () => {
    expect(goalOf(await review(2021), f.ids.paper).pipeline).toEqual({
      venue: { name: HOSTILE_VENUE },
      deadline: '2022-03-07',
      stagesCompleted: [
        { milestone: { title: 'idea', achievedOn: '2021-01-17' }, plannedDate: '2021-02-09', late: false, daysLate: 0 },
        { milestone: { title: 'experiments', achievedOn: '2021-07-01' }, plannedDate: '2021-06-19', late: true, daysLate: 12 },
      ],
      nextStage: { milestone: { title: 'draft', achievedOn: null }, plannedDate: '2021-10-28', late: true, daysLate: 64 },
    });
  });

  it('shows a stage completed later as still open at the end of an earlier year', async () => {
    expect(goalOf(await review(2020), f.ids.paper).pipeline).toMatchObject({
      stagesCompleted: [],
      nextStage: { milestone: { title: 'idea', achievedOn: '2021-01-17' }, plannedDate: '2021-02-09', late: false, daysLate: 0 },
    });
  });
});

describe('yearInReview: ratings', () => {
  it('averages the months and reads the trend', async () => {
    const reflection = goalOf(await review(2020), f.ids.talk).reflection;
    expect(reflection).toMatchObject({ ratedLogs: 4, averageRating: 3, trend: 'IMPROVING' });
    expect(reflection.slope).toBeCloseTo(0.6, 9);
    expect(reflection.months.map((m: any) => m.average)).toEqual([2, 3, 3, 4, null, null, null, null, null, null, null, null]);
    expect(reflection.months[0]).toEqual({ month: '2020-01', average: 2, count: 1 });
  });

  it('shows a reflection goal without ratings, and no typed section on a plain goal', async () => {
    const r = await review(2020);
    expect(goalOf(r, f.ids.rest).reflection).toMatchObject({ ratedLogs: 0, averageRating: null, slope: null, trend: null });
    expect(goalOf(r, f.ids.rest).reflection.months).toHaveLength(12);
    expect(goalOf(r, f.ids.plain)).toMatchObject({ kaggle: null, skill: null, pipeline: null, reflection: null });
    expect(goalOf(r, f.ids.talk)).toMatchObject({ kaggle: null, skill: null, pipeline: null });
    expect(goalOf(r, f.ids.planche)).toMatchObject({ kaggle: null, pipeline: null, reflection: null });
  });
});

describe('the reports', () => {
  it('write every section in English', async () => {
    const md2020 = await markdown(2020, 'EN');
    expect(md2020).toContain('- Kaggle: Competitions Expert, 2 silver and 1 bronze; 1 gold medal to Master.');
    expect(md2020).toContain('- Tiers reached this year: Contributor on 1 Mar and Expert on 1 Jun.');
    expect(md2020).toContain('- Ladder: reached tuck planche (10 Mar) and advanced tuck planche (30 Sep); next: straddle planche.');
    expect(md2020).toContain('- Training on the ladder: 3 sessions, 9 sets, 96 s of holds.');
    expect(md2020).toContain('- Training: 3 sessions, 105 minutes, 12 sets, 27 reps, 116 s of holds');
    expect(md2020).toContain('- Busiest training week: the week of 9 Mar (2 sessions, 8 sets)');
    expect(md2020).toContain('- Ratings: average 3 over 4 rated logs, improving (+0.6 a month).');
    expect(md2020).toContain('- Average rating per month: Jan 2 · Feb 3 · Mar 3 · Apr 4');
    expect(md2020).toContain('- Ratings: none this year.');
    expect(md2020).toContain('- Stages: none completed this year.');
    expect(md2020).toContain('- Next: idea, planned for 9 February 2021.');
    expect(md2020).toContain('## Personal records set this year\n\n- tuck planche: 12 s hold (12 Mar)\n- push-ups: 15 reps (10 Mar)\n');
    // User text is escaped, not interpreted.
    expect(md2020).toContain('- Aimed at ECCV \\<2022\\> \\& "co", submission deadline 7 March 2022.');
    expect(md2020).toContain('- l-sit \\<b\\>hold\\</b\\> \\& more: 20 s hold (30 Sep)');

    const md2021 = await markdown(2021, 'EN');
    expect(md2021).toContain('- Stages: idea done 17 Jan, on time; experiments done 1 Jul, 12 days late.');
    expect(md2021).toContain('- Next: draft, planned for 28 October 2021 (64 days behind).');
    expect(md2021).toContain('- Kaggle: Competitions Master, 1 gold; 4 gold medals (one of them solo) to Grandmaster.');
    expect(md2021).toContain('- Ladder: still at advanced tuck planche; next: straddle planche.');
    // A pipeline's stages line replaces the plain list of milestones reached.
    expect(md2021).not.toContain('Milestones reached:');
  });

  it('write every section in Korean', async () => {
    const md2020 = await markdown(2020, 'KO');
    expect(md2020).toContain('- 캐글: 컴피티션 엑스퍼트, 올해 은메달 2개·동메달 1개. 마스터까지 금메달 1개 남았습니다.');
    expect(md2020).toContain('- 올해 오른 등급: 컨트리뷰터(3월 1일), 엑스퍼트(6월 1일).');
    expect(md2020).toContain('- 스킬 단계: tuck planche(3월 10일), advanced tuck planche(9월 30일) 달성. 다음 단계: straddle planche.');
    expect(md2020).toContain('- 스킬 훈련: 3회, 9세트, 버티기 96초.');
    expect(md2020).toContain('- 운동: 3회, 105분, 12세트, 반복 27회, 버티기 116초');
    expect(md2020).toContain('- 운동을 가장 많이 한 주: 3월 9일부터 한 주 (2회, 8세트)');
    expect(md2020).toContain('- 평점: 4건 평균 3, 나아지는 중 (한 달에 +0.6).');
    expect(md2020).toContain('- 월별 평균 평점: 1월 2 · 2월 3 · 3월 3 · 4월 4');
    expect(md2020).toContain('- 평점: 올해 매긴 평점이 없습니다.');
    expect(md2020).toContain('- 목표 학회: ECCV \\<2022\\> \\& "co" (제출 마감 2022년 3월 7일).');
    expect(md2020).toContain('- 단계: 올해 마친 단계가 없습니다.');
    expect(md2020).toContain('- 다음 단계: idea (계획 2021년 2월 9일).');
    expect(md2020).toContain('## 올해 세운 개인 기록\n\n- tuck planche: 12초 버티기 (3월 12일)\n- push-ups: 15회 (3월 10일)\n');

    const md2021 = await markdown(2021, 'KO');
    expect(md2021).toContain('- 단계: idea 1월 17일 완료(계획대로), experiments 7월 1일 완료(12일 늦음).');
    expect(md2021).toContain('- 다음 단계: draft (계획 2021년 10월 28일, 64일 늦어짐).');
    expect(md2021).toContain('- 캐글: 컴피티션 마스터, 올해 금메달 1개. 그랜드마스터까지 금메달 4개(그중 1개는 혼자서) 남았습니다.');
    expect(md2021).toContain('- 스킬 단계: 아직 advanced tuck planche. 다음 단계: straddle planche.');
  });

  it('put the sections into the HTML report, with user text escaped', async () => {
    const res = await t.app.server.inject({ method: 'GET', url: '/reports/2020.html', headers: { authorization: `Bearer ${f.token}` } });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<li>Kaggle: Competitions Expert, 2 silver and 1 bronze; 1 gold medal to Master.</li>');
    expect(html).toContain('<li>Ladder: reached tuck planche (10 Mar) and advanced tuck planche (30 Sep); next: straddle planche.</li>');
    expect(html).toContain('<li>Ratings: average 3 over 4 rated logs, improving (+0.6 a month).</li>');
    expect(html).toContain('<h2>Personal records set this year</h2>');
    expect(html).toContain('Aimed at ECCV &lt;2022&gt; &amp; &quot;co&quot;, submission deadline 7 March 2022.');
    expect(html).toContain('<li>l-sit &lt;b&gt;hold&lt;/b&gt; &amp; more: 20 s hold (30 Sep)</li>');
    expect(html).not.toContain('<b>hold</b>');
  });
});

describe('the cost of the typed sections', () => {
  it('is the same number of statements whatever the number of typed goals', async () => {
    const counts: number[] = [];
    for (const copies of [1, 3]) {
      const { token } = await t.createUser();
      for (let i = 0; i < copies; i++) {
        const make = async (template: string, overrides: Record<string, unknown> = {}) =>
          ok(await t.gql(token, FROM_TEMPLATE, { i: { template, overrides: { startDate: '2020-01-01', ...overrides } } }))
            .createGoalFromTemplate.goal.id as string;
        const kaggle = await make('KAGGLE_COMPETITIONS');
        ok(
          await t.gql(token, 'mutation($i: LogKaggleResultInput!) { logKaggleResult(input: $i) { result { id } } }', {
            i: { goalId: kaggle, competition: `C${i}`, kind: 'FEATURED', medal: 'SILVER', date: '2020-05-01' },
          }),
        );
        const planche = await make('SKILL_LADDER_PLANCHE');
        ok(
          await t.gql(token, 'mutation($i: LogWorkoutInput!) { logWorkout(input: $i) { workout { id } } }', {
            i: { goalId: planche, date: '2020-05-02', sets: [{ exercise: 'planche lean', holdSeconds: 30 }] },
          }),
        );
        await make('PAPER_PIPELINE', { dueDate: '2020-12-31' });
        const talk = await make('REFLECTION');
        ok(
          await t.gql(token, 'mutation($i: LogReflectionInput!) { logReflection(input: $i) { log { id } } }', {
            i: { goalId: talk, date: '2020-05-03', rating: 4 },
          }),
        );
      }
      await t.gql(token, '{ viewer { id } }'); // settle lastUsedAt, so both measured requests do the same work
      const before = t.app.db.statements!.count;
      const r = ok(await t.gql(token, TYPED, { year: 2020 })).yearInReview;
      counts.push(t.app.db.statements!.count - before);
      expect(r.goals.filter((g: any) => g.kaggle && g.skill === null)).toHaveLength(copies);
      expect(r.goals.filter((g: any) => g.skill)).toHaveLength(copies);
      expect(r.goals.filter((g: any) => g.pipeline)).toHaveLength(copies);
      expect(r.goals.filter((g: any) => g.reflection)).toHaveLength(copies);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
