import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

const FROM_TEMPLATE = /* GraphQL */ `
  mutation ($input: CreateGoalFromTemplateInput!) {
    createGoalFromTemplate(input: $input) {
      goal {
        id
        template
        kind
        unit
        target
        dueDate
        startDate
      }
    }
  }
`;

const LOG_RESULT = /* GraphQL */ `
  mutation ($input: LogKaggleResultInput!) {
    logKaggleResult(input: $input) {
      result {
        id
        competition
        kind
        teams
        rank
        teamSize
        date
        medal
        medalDerived
        url
        logId
      }
      goal {
        id
        status
        progress {
          current
          target
        }
        kaggle {
          tier
        }
      }
    }
  }
`;

const KAGGLE = /* GraphQL */ `
  query ($id: ID!) {
    goal(id: $id) {
      kaggle {
        tier
        nextTier
        medals {
          gold
          silver
          bronze
          soloGold
        }
        missing {
          medal
          count
        }
        missingDetail {
          gold
          silver
          bronze
          soloGold
          entries
          summary
        }
        results {
          id
          competition
          medal
          date
          logId
        }
      }
      logs {
        totalCount
      }
    }
  }
`;

async function kaggleGoal(t: TestApp, token: string): Promise<string> {
  const data = ok(
    await t.gql(token, FROM_TEMPLATE, { input: { template: 'KAGGLE_COMPETITIONS', overrides: { startDate: '2021-01-01' } } }),
  );
  return data.createGoalFromTemplate.goal.id;
}

/** The first user's 2020: three silvers and a bronze, all in teams. */
async function logFirstYear(t: TestApp, token: string, goalId: string) {
  const results = [
    // 1390 teams: gold to rank 12, silver to 69 (5 %), bronze to 139 (10 %).
    { competition: 'Cornell Birdcall Identification', kind: 'FEATURED', teams: 1390, rank: 40, teamSize: 4, date: '2020-09-16' },
    { competition: 'Competition B', kind: 'FEATURED', medal: 'SILVER', teamSize: 3, date: '2020-04-01' },
    { competition: 'Competition C', kind: 'RESEARCH', teams: 500, rank: 50, teamSize: 2, date: '2020-06-01' },
    { competition: 'Competition D', kind: 'FEATURED', teams: 3000, rank: 250, teamSize: 3, date: '2020-11-20' },
  ];
  return Promise.all(results.map(async (r) => ok(await t.gql(token, LOG_RESULT, { input: { goalId, ...r } })).logKaggleResult.result));
}

describe('Kaggle goals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-15T12:00:00Z' });
  });
  afterAll(() => t.close());

  it('creates a Kaggle goal from its template, due at the end of its year', async () => {
    const { token } = await t.createUser();
    const data = ok(
      await t.gql(token, FROM_TEMPLATE, { input: { template: 'KAGGLE_COMPETITIONS', overrides: { startDate: '2021-01-01' } } }),
    );
    expect(data.createGoalFromTemplate.goal).toMatchObject({
      template: 'KAGGLE_COMPETITIONS',
      kind: 'TARGET',
      unit: 'competitions',
      target: 3,
      dueDate: '2021-12-31',
    });
    const goal = ok(await t.gql(token, KAGGLE, { id: data.createGoalFromTemplate.goal.id })).goal;
    expect(goal.kaggle).toMatchObject({
      tier: 'NOVICE',
      nextTier: 'CONTRIBUTOR',
      missing: [{ medal: 'NONE', count: 1 }], // one result, of any medal
      missingDetail: { entries: 1, summary: '1 competition result' },
      results: [],
    });
  });

  it('reads the end-of-2020 record (3 silver, 1 bronze) as Expert, one gold medal from Master', async () => {
    const { token } = await t.createUser();
    const goalId = await kaggleGoal(t, token);
    const saved = await logFirstYear(t, token, goalId);
    expect(saved.find((r) => r.competition.startsWith('Cornell'))).toMatchObject({
      medal: 'SILVER',
      medalDerived: true,
      teams: 1390,
      rank: 40,
      teamSize: 4,
    });
    expect(saved.find((r) => r.competition === 'Competition B')).toMatchObject({ medal: 'SILVER', medalDerived: false, teams: null });
    // Results from before the goal started are history: they count toward the tier but write no log.
    expect(saved.every((r) => r.logId === null)).toBe(true);

    const goal = ok(await t.gql(token, KAGGLE, { id: goalId })).goal;
    expect(goal.kaggle).toMatchObject({
      tier: 'EXPERT',
      nextTier: 'MASTER',
      medals: { gold: 0, silver: 3, bronze: 1, soloGold: 0 },
      missing: [{ medal: 'GOLD', count: 1 }],
      missingDetail: { gold: 1, silver: 0, bronze: 0, soloGold: 0, entries: 0, summary: '1 gold medal' },
    });
    expect(goal.kaggle.results.map((r: any) => r.date)).toEqual(['2020-11-20', '2020-09-16', '2020-06-01', '2020-04-01']);
    expect(goal.logs.totalCount).toBe(0);
  });

  it('counts a result of this year as a progress log, and a gold makes Master', async () => {
    const { token } = await t.createUser();
    const goalId = await kaggleGoal(t, token);
    await logFirstYear(t, token, goalId);
    const gold = ok(
      await t.gql(token, LOG_RESULT, {
        input: {
          goalId,
          competition: 'Competition E',
          kind: 'FEATURED',
          teams: 1500,
          rank: 5,
          teamSize: 3,
          date: '2021-06-01',
          url: 'https://www.kaggle.com/c/e/leaderboard',
        },
      }),
    ).logKaggleResult;
    expect(gold.result).toMatchObject({ medal: 'GOLD', medalDerived: true, url: 'https://www.kaggle.com/c/e/leaderboard' });
    expect(gold.result.logId).not.toBeNull();
    expect(gold.goal).toMatchObject({ progress: { current: 1, target: 3 }, kaggle: { tier: 'MASTER' } });

    const log = ok(
      await t.gql(token, 'query($id: ID!) { node(id: $id) { ... on ProgressLog { value date note } } }', { id: gold.result.logId }),
    ).node;
    expect(log).toEqual({ value: 1, date: '2021-06-01', note: 'Competition E: gold medal' });

    const playground = ok(
      await t.gql(token, LOG_RESULT, {
        input: { goalId, competition: 'Tabular Playground', kind: 'PLAYGROUND', teams: 2000, rank: 1, date: '2021-06-02' },
      }),
    );
    expect(playground.logKaggleResult.result).toMatchObject({ medal: 'NONE', medalDerived: true, teamSize: 1 });
    expect(playground.logKaggleResult.goal.progress.current).toBe(2);

    const deleted = ok(
      await t.gql(
        token,
        'mutation($i: DeleteKaggleResultInput!) { deleteKaggleResult(input: $i) { deletedId goal { kaggle { tier } progress { current } } } }',
        { i: { id: gold.result.id } },
      ),
    );
    expect(deleted.deleteKaggleResult).toEqual({
      deletedId: gold.result.id,
      goal: { kaggle: { tier: 'EXPERT' }, progress: { current: 1 } },
    });
    expect(ok(await t.gql(token, 'query($id: ID!) { node(id: $id) { id } }', { id: gold.result.logId })).node).toBeNull();
  });

  it.each([
    [{ teams: 100, rank: 101 }, 'rank'],
    [{ teams: 100 }, 'rank'],
    [{ rank: 3 }, 'teams'],
    [{}, 'medal'],
    [{ kind: 'PLAYGROUND', medal: 'GOLD' }, 'medal'],
    [{ medal: 'SILVER', date: '2021-06-16' }, 'date'],
    [{ medal: 'SILVER', teamSize: 0 }, 'teamSize'],
    [{ medal: 'SILVER', competition: ' ' }, 'competition'],
    [{ medal: 'SILVER', url: 'ftp://x' }, 'url'],
  ])('rejects %j as bad input on %s and saves nothing', async (overrides, field) => {
    const { token } = await t.createUser();
    const goalId = await kaggleGoal(t, token);
    const res = await t.gql(token, LOG_RESULT, { input: { goalId, competition: 'X', kind: 'FEATURED', ...overrides } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe(field);
    const goal = ok(await t.gql(token, KAGGLE, { id: goalId })).goal;
    expect(goal.kaggle.results).toEqual([]);
    expect(goal.logs.totalCount).toBe(0);
  });

  it('takes results only on Kaggle goals', async () => {
    const { token } = await t.createUser();
    const plain = await createGoal(t, token, { title: 'Plain', kind: 'TARGET', target: 3 });
    const res = await t.gql(token, LOG_RESULT, { input: { goalId: plain, competition: 'X', kind: 'FEATURED', medal: 'GOLD' } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('goalId');
    expect(ok(await t.gql(token, 'query($id: ID!) { goal(id: $id) { kaggle { tier } } }', { id: plain })).goal.kaggle).toBeNull();
  });

  it("keeps one user's results from another", async () => {
    const alice = await t.createUser();
    const bob = await t.createUser();
    const goalId = await kaggleGoal(t, alice.token);
    const [result] = await logFirstYear(t, alice.token, goalId);

    const onAlicesGoal = await t.gql(bob.token, LOG_RESULT, { input: { goalId, competition: 'X', kind: 'FEATURED', medal: 'GOLD' } });
    expect(errorCode(onAlicesGoal)).toBe('NOT_FOUND');
    expect(ok(await t.gql(bob.token, 'query($id: ID!) { node(id: $id) { id } }', { id: result.id })).node).toBeNull();
    const deletion = await t.gql(bob.token, 'mutation($i: DeleteKaggleResultInput!) { deleteKaggleResult(input: $i) { deletedId } }', {
      i: { id: result.id },
    });
    expect(errorCode(deletion)).toBe('NOT_FOUND');
    expect(ok(await t.gql(alice.token, KAGGLE, { id: goalId })).goal.kaggle.results).toHaveLength(4);
    expect(
      ok(await t.gql(alice.token, 'query($id: ID!) { node(id: $id) { ... on KaggleResult { competition } } }', { id: result.id })).node
        .competition,
    ).toBe(result.competition);
  });

  it('sums a year for the year in review: medals, and the tiers before, after and reached', async () => {
    const { user, token } = await t.createUser();
    const goalId = await kaggleGoal(t, token);
    await logFirstYear(t, token, goalId);
    ok(
      await t.gql(token, LOG_RESULT, {
        input: { goalId, competition: 'E', kind: 'FEATURED', medal: 'GOLD', teamSize: 2, date: '2021-03-01' },
      }),
    );
    expect(await t.app.services.kaggle.yearInReview(user.id, 2020)).toEqual({
      results: 4,
      medals: { gold: 0, silver: 3, bronze: 1, soloGold: 0 },
      tierAtStart: 'NOVICE',
      tierAtEnd: 'EXPERT',
      tiersReached: [
        { tier: 'CONTRIBUTOR', reachedOn: '2020-04-01' },
        { tier: 'EXPERT', reachedOn: '2020-06-01' },
      ],
      nextTier: 'MASTER',
      missing: { gold: 1, silver: 0, bronze: 0, soloGold: 0, entries: 0 },
      goals: [{ goalId: expect.any(Number), results: 4, medals: { gold: 0, silver: 3, bronze: 1, soloGold: 0 } }],
    });
    expect(await t.app.services.kaggle.yearInReview(user.id, 2021)).toMatchObject({
      results: 1,
      medals: { gold: 1, silver: 0, bronze: 0 },
      tierAtStart: 'EXPERT',
      tierAtEnd: 'MASTER',
      tiersReached: [{ tier: 'MASTER', reachedOn: '2021-03-01' }],
    });
  });
});

describe('Kaggle goals through the names clients rely on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-15T12:00:00Z' });
  });
  afterAll(() => t.close());

  const STANDING = /* GraphQL */ `
    query ($id: ID!) {
      goal(id: $id) {
        kaggle {
          tier
          nextTier
          missing {
            medal
            count
          }
        }
      }
    }
  `;

  const LOG = /* GraphQL */ `
    mutation ($input: LogKaggleResultInput!) {
      logKaggleResult(input: $input) {
        result {
          competition
          kind
          medal
          medalDerived
        }
        goal {
          kaggle {
            tier
            nextTier
            missing {
              medal
              count
            }
          }
        }
      }
    }
  `;

  it("reads the first user's 2020 medals (3 silver, 1 bronze) as Expert, one gold from Master; a gold makes Master", async () => {
    const { token } = await t.createUser();
    const created = ok(
      await t.gql(
        token,
        `mutation {
          createGoalFromTemplate(input: { template: KAGGLE_COMPETITIONS, title: "Kaggle Competitions Master", startDate: "2020-01-01" }) {
            goal { id }
          }
        }`,
      ),
    ).createGoalFromTemplate.goal.id as string;
    // teams, rank and medal are each optional: a medal given outright, or derived from teams and rank.
    const results = [
      { competition: 'Competition A', kind: 'FEATURED', medal: 'SILVER', teamSize: 3, date: '2020-04-24' },
      { competition: 'Competition B', kind: 'RESEARCH', teams: 500, rank: 80, teamSize: 3, date: '2020-06-19' },
      { competition: 'Competition C', kind: 'FEATURED', teams: 1390, rank: 40, teamSize: 4, date: '2020-10-30' },
      { competition: 'Competition D', kind: 'FEATURED', medal: 'SILVER', teamSize: 4, date: '2020-12-18' },
    ];
    for (const r of results) ok(await t.gql(token, LOG, { input: { goalId: created, ...r } }));

    expect(ok(await t.gql(token, STANDING, { id: created })).goal.kaggle).toEqual({
      tier: 'EXPERT',
      nextTier: 'MASTER',
      missing: [{ medal: 'GOLD', count: 1 }],
    });

    const gold = ok(
      await t.gql(token, LOG, {
        input: {
          goalId: created,
          competition: 'Competition E',
          kind: 'FEATURED',
          teams: 1500,
          rank: 5,
          teamSize: 3,
          date: '2021-06-01',
          url: 'https://www.kaggle.com/c/e/leaderboard',
        },
      }),
    ).logKaggleResult;
    expect(gold.result).toEqual({ competition: 'Competition E', kind: 'FEATURED', medal: 'GOLD', medalDerived: true });
    // Grandmaster: five golds with one of them solo; the solo one is one of the four golds still needed.
    expect(gold.goal.kaggle).toEqual({ tier: 'MASTER', nextTier: 'GRANDMASTER', missing: [{ medal: 'GOLD', count: 4 }] });
    expect(ok(await t.gql(token, STANDING, { id: created })).goal.kaggle.tier).toBe('MASTER');
  });

  it('takes every competition kind of KaggleCompetitionKind, and medals only where Kaggle awards them', async () => {
    const { token } = await t.createUser();
    const goalId = ok(await t.gql(token, 'mutation { createGoalFromTemplate(input: { template: KAGGLE_COMPETITIONS }) { goal { id } } }'))
      .createGoalFromTemplate.goal.id;
    const kinds = ['FEATURED', 'RESEARCH', 'PLAYGROUND', 'COMMUNITY', 'GETTING_STARTED'];
    const medals: string[] = [];
    for (const kind of kinds) {
      const saved = ok(
        await t.gql(
          token,
          `mutation ($goalId: ID!) {
            logKaggleResult(input: { goalId: $goalId, competition: "${kind}", kind: ${kind}, teams: 100, rank: 1, date: "2021-06-01" }) {
              result { kind medal }
            }
          }`,
          { goalId },
        ),
      ).logKaggleResult.result;
      expect(saved.kind).toBe(kind);
      medals.push(saved.medal);
    }
    expect(medals).toEqual(['GOLD', 'GOLD', 'NONE', 'NONE', 'NONE']);
    const enumValues = ok(await t.gql(token, '{ __type(name: "KaggleCompetitionKind") { enumValues { name } } }')).__type.enumValues;
    expect(enumValues.map((v: { name: string }) => v.name).sort()).toEqual([...kinds].sort());
  });

  it('has nothing missing at Grandmaster: missing and missingDetail are null with nextTier', async () => {
    const { token } = await t.createUser();
    const goalId = await kaggleGoal(t, token);
    for (const [i, teamSize] of [1, 2, 3, 4, 5].entries())
      ok(
        await t.gql(token, LOG, {
          input: { goalId, competition: `Gold ${i}`, kind: 'FEATURED', medal: 'GOLD', teamSize, date: '2021-02-01' },
        }),
      );
    const goal = ok(await t.gql(token, KAGGLE, { id: goalId })).goal;
    expect(goal.kaggle).toMatchObject({ tier: 'GRANDMASTER', nextTier: null, missing: null, missingDetail: null });
  });

  it('shows five team golds without a solo one as one gold to Grandmaster, the detail saying it must be solo', async () => {
    const { token } = await t.createUser();
    const goalId = await kaggleGoal(t, token);
    for (const i of [1, 2, 3, 4, 5])
      ok(
        await t.gql(token, LOG, {
          input: { goalId, competition: `Gold ${i}`, kind: 'FEATURED', medal: 'GOLD', teamSize: 2, date: '2021-02-01' },
        }),
      );
    const goal = ok(await t.gql(token, KAGGLE, { id: goalId })).goal;
    expect(goal.kaggle).toMatchObject({
      tier: 'MASTER',
      nextTier: 'GRANDMASTER',
      missing: [{ medal: 'GOLD', count: 1 }],
      missingDetail: { gold: 0, soloGold: 1, summary: '1 solo gold medal' },
    });
  });
});
