import {
  countMedals,
  describeMissing,
  kaggleStanding,
  medalCutoffs,
  medalFor,
  missingMedalCounts,
  tierDates,
  tierOf,
  type Medal,
  type MedalResult,
} from './kaggle';

const results = (...medals: Array<Medal | [Medal, number]>): MedalResult[] =>
  medals.map((m) => (Array.isArray(m) ? { medal: m[0], teamSize: m[1] } : { medal: m, teamSize: 3 }));

describe('medalCutoffs (Kaggle progression table)', () => {
  it.each([
    // teams, last gold, last silver, last bronze
    [1, 0, 0, 0],
    [9, 0, 1, 3], // 10 % of 9 rounds down to 0: no gold
    [10, 1, 2, 4],
    [19, 1, 3, 7],
    [50, 5, 10, 20],
    [99, 9, 19, 39],
    [100, 10, 20, 40], // 100–249: gold is the top 10 teams
    [101, 10, 20, 40],
    [249, 10, 49, 99],
    [250, 10, 50, 100], // 250–999: fixed silver 50 and bronze 100, gold 10 + 0.2 %
    [499, 10, 50, 100],
    [500, 11, 50, 100],
    [999, 11, 50, 100],
    [1000, 12, 50, 100], // 1000+: silver 5 %, bronze 10 %
    [1019, 12, 50, 101],
    [1500, 13, 75, 150],
    [4999, 19, 249, 499],
    [5000, 20, 250, 500],
  ])('%i teams: gold to rank %i, silver to %i, bronze to %i', (teams, gold, silver, bronze) => {
    expect(medalCutoffs(teams)).toEqual({ gold, silver, bronze });
  });

  it('refuses a competition without teams', () => {
    expect(() => medalCutoffs(0)).toThrow(RangeError);
    expect(() => medalCutoffs(2.5)).toThrow(RangeError);
  });
});

describe('medalFor', () => {
  it('awards by rank at each boundary', () => {
    expect(medalFor('FEATURED', 1000, 12)).toBe('GOLD');
    expect(medalFor('FEATURED', 1000, 13)).toBe('SILVER');
    expect(medalFor('FEATURED', 1000, 50)).toBe('SILVER');
    expect(medalFor('FEATURED', 1000, 51)).toBe('BRONZE');
    expect(medalFor('FEATURED', 1000, 100)).toBe('BRONZE');
    expect(medalFor('FEATURED', 1000, 101)).toBe('NONE');
    expect(medalFor('RESEARCH', 250, 10)).toBe('GOLD');
    expect(medalFor('RESEARCH', 250, 11)).toBe('SILVER');
    expect(medalFor('RESEARCH', 249, 11)).toBe('SILVER');
    expect(medalFor('RESEARCH', 249, 50)).toBe('BRONZE');
    expect(medalFor('RESEARCH', 250, 50)).toBe('SILVER');
  });

  it('gives no gold with 9 teams, even to the winner', () => {
    expect(medalFor('FEATURED', 9, 1)).toBe('SILVER');
    expect(medalFor('FEATURED', 9, 2)).toBe('BRONZE');
    expect(medalFor('FEATURED', 9, 4)).toBe('NONE');
  });

  it.each(['PLAYGROUND', 'COMMUNITY', 'GETTING_STARTED'] as const)('%s competitions award nothing', (kind) => {
    expect(medalFor(kind, 5000, 1)).toBe('NONE');
  });

  it('refuses a rank outside the leaderboard', () => {
    expect(() => medalFor('FEATURED', 100, 0)).toThrow(RangeError);
    expect(() => medalFor('FEATURED', 100, 101)).toThrow(RangeError);
  });
});

describe('tiers', () => {
  it('reads the first user at the end of 2020 (3 silver, 1 bronze) as Expert, one gold from Master', () => {
    const standing = kaggleStanding(results('SILVER', 'SILVER', 'SILVER', 'BRONZE'));
    expect(standing).toEqual({
      tier: 'EXPERT',
      nextTier: 'MASTER',
      medals: { gold: 0, silver: 3, bronze: 1, soloGold: 0 },
      missing: { gold: 1, silver: 0, bronze: 0, soloGold: 0, entries: 0 },
      summary: '1 gold medal',
    });
  });

  it('tells Novice (nothing logged) from Contributor (results, too few medals)', () => {
    expect(kaggleStanding([])).toMatchObject({ tier: 'NOVICE', nextTier: 'CONTRIBUTOR', summary: '1 competition result' });
    expect(kaggleStanding(results('NONE'))).toMatchObject({
      tier: 'CONTRIBUTOR',
      nextTier: 'EXPERT',
      summary: '2 bronze medals or better',
    });
    expect(kaggleStanding(results('BRONZE'))).toMatchObject({ tier: 'CONTRIBUTOR', summary: '1 bronze medal or better' });
  });

  it('reaches Expert with two medals of any colour', () => {
    expect(tierOf(countMedals(results('BRONZE', 'BRONZE')), 2)).toBe('EXPERT');
    expect(tierOf(countMedals(results('GOLD', 'BRONZE')), 2)).toBe('EXPERT');
    expect(tierOf(countMedals(results('GOLD', 'GOLD')), 2)).toBe('EXPERT');
  });

  it('counts golds toward the silvers of Master, each medal once', () => {
    expect(tierOf(countMedals(results('GOLD', 'SILVER', 'SILVER')), 3)).toBe('MASTER');
    expect(tierOf(countMedals(results('GOLD', 'GOLD', 'SILVER')), 3)).toBe('MASTER');
    expect(tierOf(countMedals(results('GOLD', 'GOLD', 'GOLD')), 3)).toBe('MASTER');
    expect(tierOf(countMedals(results('GOLD', 'SILVER', 'BRONZE', 'BRONZE')), 4)).toBe('EXPERT');
    expect(kaggleStanding(results('GOLD', 'GOLD')).missing).toMatchObject({ gold: 0, silver: 1 });
    expect(kaggleStanding(results('GOLD', 'GOLD')).summary).toBe('1 silver medal or better');
    expect(tierOf(countMedals(results('SILVER', 'SILVER', 'SILVER', 'SILVER')), 4)).toBe('EXPERT');
  });

  it('needs one of five golds won solo for Grandmaster', () => {
    const teamGolds = results('GOLD', 'GOLD', 'GOLD', 'GOLD', 'GOLD');
    expect(kaggleStanding(teamGolds)).toMatchObject({
      tier: 'MASTER',
      nextTier: 'GRANDMASTER',
      missing: { gold: 0, soloGold: 1 },
      summary: '1 solo gold medal',
    });
    expect(kaggleStanding([...teamGolds.slice(1), { medal: 'GOLD', teamSize: 1 }])).toMatchObject({
      tier: 'GRANDMASTER',
      nextTier: null,
      missing: null,
      summary: null,
    });
    expect(kaggleStanding(results('GOLD', 'GOLD', 'GOLD', 'GOLD', 'SILVER')).summary).toBe('1 gold medal, won solo');
    expect(kaggleStanding(results('GOLD', 'GOLD', 'GOLD', ['GOLD', 1])).summary).toBe('1 gold medal');
    expect(kaggleStanding(results('GOLD', 'SILVER', 'SILVER')).summary).toBe('4 gold medals, at least one won solo');
  });

  it('lists several missing kinds together', () => {
    expect(describeMissing({ gold: 1, silver: 1, bronze: 0, soloGold: 0, entries: 0 })).toBe('1 gold medal and 1 silver medal or better');
  });

  it('dates each tier by the result that reached it, counting results of one day together', () => {
    const dated = [
      { medal: 'SILVER' as Medal, teamSize: 4, date: '2020-05-01' },
      { medal: 'NONE' as Medal, teamSize: 1, date: '2020-03-01' },
      { medal: 'BRONZE' as Medal, teamSize: 2, date: '2020-08-01' },
      { medal: 'SILVER' as Medal, teamSize: 4, date: '2020-11-01' },
      { medal: 'GOLD' as Medal, teamSize: 4, date: '2021-09-01' },
      { medal: 'SILVER' as Medal, teamSize: 4, date: '2021-09-01' },
    ];
    expect(tierDates(dated)).toEqual({ CONTRIBUTOR: '2020-03-01', EXPERT: '2020-08-01', MASTER: '2021-09-01' });
    expect(tierDates([])).toEqual({});
  });
});

describe('missingMedalCounts', () => {
  const none = { gold: 0, silver: 0, bronze: 0, soloGold: 0, entries: 0 };

  it('lists the first user at the end of 2020 (3 silver, 1 bronze) as one gold from Master', () => {
    expect(missingMedalCounts(kaggleStanding(results('SILVER', 'SILVER', 'SILVER', 'BRONZE')).missing!)).toEqual([
      { medal: 'GOLD', count: 1 },
    ]);
  });

  it('lists each medal still needed, best first, and a result of any medal as NONE', () => {
    expect(missingMedalCounts({ ...none, gold: 1, silver: 2 })).toEqual([
      { medal: 'GOLD', count: 1 },
      { medal: 'SILVER', count: 2 },
    ]);
    expect(missingMedalCounts(kaggleStanding(results('BRONZE')).missing!)).toEqual([{ medal: 'BRONZE', count: 1 }]);
    expect(missingMedalCounts(kaggleStanding([]).missing!)).toEqual([{ medal: 'NONE', count: 1 }]);
    expect(missingMedalCounts(none)).toEqual([]);
  });

  it("counts Grandmaster's solo gold as one of the golds", () => {
    // Four golds to go, one of them solo: still four golds.
    expect(missingMedalCounts(kaggleStanding(results('GOLD', 'SILVER', 'SILVER')).missing!)).toEqual([{ medal: 'GOLD', count: 4 }]);
    // Five team golds: the one gold still needed is the solo one.
    expect(missingMedalCounts(kaggleStanding(results('GOLD', 'GOLD', 'GOLD', 'GOLD', 'GOLD')).missing!)).toEqual([
      { medal: 'GOLD', count: 1 },
    ]);
    // A solo gold already won: the other golds may be won in teams.
    expect(missingMedalCounts(kaggleStanding(results('GOLD', 'GOLD', 'GOLD', ['GOLD', 1])).missing!)).toEqual([
      { medal: 'GOLD', count: 1 },
    ]);
  });
});
