/**
 * Demo data: the first user's goals (see /work/shared/context/README.md for the facts), with generated but
 * plausible logs for 2019–2021 in Asia/Seoul. Everything goes through the services, so the usual rules apply
 * (dates not in the future, milestones completing their goal, targets reaching ACHIEVED); goals come from the
 * templates wherever one fits.
 *
 * Only facts from the retrospective are used: Competitions Expert with three silver and one bronze medals in
 * 2020 (the first year of competing, in a team), a strong team result in the Cornell Bird Identification challenge
 * (which medal is not said, so none is recorded for it), Master needing one gold medal, the KTCCS paper, the
 * super-resolution idea aimed at CVPR or ECCV (still an idea at the end of 2020), the audio article on Towards
 * Data Science written over two months of weekends, daily bodyweight training toward a planche, communication,
 * rest and reflection. The other competitions are "Competition A" to "D"; the days, hours, minutes, holds and
 * ratings are generated.
 */
import { DateTime } from 'luxon';
import type { App } from '../app';
import { datesBetween, epochDay, isoWeekday, shiftDate } from '../domain/year-review';
import type { Medal } from '../domain/kaggle';
import type { NewGoal } from '../modules/goal/goal.service';
import { milestonesByGoal } from '../modules/milestone/milestone.loaders';
import type { TemplateOverrides } from '../modules/template/template.service';
import type { TemplateKey } from '../modules/template/templates';
import type { UserEntity } from '../modules/user/user.entity';
import { Random } from './random';
import { plancheWorkout, TRAINING_FROM } from './training';

const ZONE = 'Asia/Seoul';
/** The generator's seed: change it for other (equally plausible) data. */
const SEED = 20201231;
const BURNOUT = { from: '2020-08-10', to: '2020-08-16' };

/** What the demo created. */
export interface DemoSeed {
  user: UserEntity;
  token: string;
  logCount: number;
}

type GoalSpec = Partial<NewGoal> & Pick<NewGoal, 'title' | 'kind'>;

/** A value that moves in straight lines between dated key points (flat before the first and after the last). */
function along(date: string, points: Array<[string, number]>): number {
  const d = epochDay(date);
  const next = points.findIndex(([day]) => epochDay(day) >= d);
  if (next <= 0) return points[next === 0 ? 0 : points.length - 1][1];
  const [[a, va], [b, vb]] = [points[next - 1], points[next]];
  return va + ((vb - va) * (d - epochDay(a))) / (epochDay(b) - epochDay(a));
}

/**
 * Builds the demo user and their goals, milestones, pauses, logs, results, workouts and ratings, through the
 * app's services (the database is only read, for the stages a template made). Deterministic.
 */
export async function seedDemo({ services, db }: Pick<App, 'services' | 'db'>): Promise<DemoSeed> {
  const rng = new Random(SEED);
  const user = await services.users.create({ handle: 'demo', displayName: 'Demo: an ML engineer in Seoul', timeZone: ZONE });
  const { secret } = await services.tokens.create(user.id, 'demo', ['read', 'write']);
  let logCount = 0;

  const goal = async (spec: GoalSpec): Promise<number> => (await services.goals.create(user, spec)).id;
  // title and startDate go at the top level of the input, as clients write them; the rest are overrides.
  const fromTemplate = async (template: TemplateKey, { title, startDate, ...overrides }: TemplateOverrides): Promise<number> =>
    (await services.templates.create(user, { template, title, startDate, overrides })).id;
  const at = (date: string, hour: number) =>
    DateTime.fromISO(`${date}T${String(hour).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`, { zone: ZONE }).toJSDate();
  const log = async (goalId: number, date: string, value: number, hour: number, note?: string) => {
    await services.logs.log(user, { goalId, date, occurredAt: at(date, hour), value, note: note ?? null });
    logCount += 1;
  };
  const rate = async (goalId: number, date: string, rating: number, hour: number, note?: string) => {
    const r = Math.max(1, Math.min(5, Math.round(rating)));
    await services.reflections.log(user, { goalId, date, occurredAt: at(date, hour), rating: r, note: note ?? null });
    logCount += 1;
  };
  // All stages are added before any is completed: completing the last open one achieves the goal.
  const milestones = async (goalId: number, stages: Array<[title: string, reachedOn: string | null]>) => {
    const added = [];
    for (const [title] of stages) added.push(await services.milestones.add(user, { goalId, title, dueDate: null }));
    for (const [i, [, reachedOn]] of stages.entries()) await complete(added[i].id, reachedOn);
  };
  const complete = async (milestoneId: number, reachedOn: string | null) => {
    if (reachedOn) await services.milestones.complete(user, milestoneId, { achievedOn: reachedOn });
  };
  /** Calls `fn` for each day of from..to outside the burnout week, with its ISO weekday. */
  const days = async (from: string, to: string, fn: (date: string, weekday: number) => Promise<void>) => {
    for (const date of datesBetween(from, to)) if (date < BURNOUT.from || date > BURNOUT.to) await fn(date, isoWeekday(date));
  };

  // Goals that were open in 2019–2020.
  const kaggle2020 = await fromTemplate('KAGGLE_COMPETITIONS', {
    title: 'Kaggle: the first year of competitions, in a team',
    startDate: '2020-01-01',
  });
  const teamHours = await fromTemplate('WEEKLY_HABIT', {
    title: 'Kaggle with the team: three evenings or weekend days a week',
    unit: 'hours',
    frequency: { times: 3, perDays: 7 },
    startDate: '2020-01-06',
    tags: ['kaggle'],
  });
  const ktccs = await goal({
    title: 'Paper: CNN with attention for noisy Korean sentences (KTCCS)',
    kind: 'MILESTONES',
    unit: 'hours',
    startDate: '2019-03-01',
    tags: ['research'],
  });
  const training = await fromTemplate('SKILL_LADDER_PLANCHE', {
    title: 'Bodyweight training at home, toward a full planche',
    unit: 'min',
    startDate: TRAINING_FROM,
    tags: ['health'],
  });
  const communication = await fromTemplate('REFLECTION', {
    title: 'Communication: share progress and ask for feedback every week',
    description: "Rate each week's talk with the team from 1 to 5.",
    startDate: '2019-01-07',
    tags: ['work'],
  });
  const article = await goal({
    title: 'Towards Data Science article on audio processing, with the Kaggle team',
    kind: 'MILESTONES',
    unit: 'hours',
    startDate: '2020-10-01',
    tags: ['writing', 'kaggle'],
  });
  const eccv = await services.venues.create(user, {
    name: 'ECCV 2022',
    deadline: '2022-03-07',
    conferenceStart: '2022-10-23',
    conferenceEnd: '2022-10-27',
  });
  const superResolution = await fromTemplate('PAPER_PIPELINE', {
    title: 'Super-resolution paper for CVPR or ECCV',
    unit: 'hours',
    startDate: '2020-10-01',
    venueId: eccv.id,
  });
  // The one burn-out of 2020: everything stopped for a week.
  await services.pauses.pauseAll(user, { ...BURNOUT, reason: 'Burned out: a week off from everything' });

  // Goals set for 2021 at the end of 2020. No result is logged toward the gold medal: it is still ahead.
  await fromTemplate('KAGGLE_COMPETITIONS', { title: 'Kaggle Competitions Master: one gold medal', startDate: '2021-01-01' });
  const rest = await fromTemplate('REST_DAYS', { title: 'Rest: one real day off every week', startDate: '2021-01-01' });
  const reflect = await fromTemplate('REFLECTION', {
    title: 'Reflect more often: a short retrospective every month',
    frequency: { times: 1, perDays: 30 },
    startDate: '2020-12-01',
  });
  for (const [from, to, reason] of [
    ['2021-02-10', '2021-02-14', 'Seollal with family'],
    ['2021-09-19', '2021-09-22', 'Chuseok with family'],
  ]) {
    await services.pauses.pauseGoal(user, { goalId: rest, from, to, reason });
  }

  // Kaggle: the first year of competing, in a team. Each result also logs one competition on the Kaggle goal.
  const results: Array<{ competition: string; date: string; medal: Medal; teamSize: number }> = [
    { competition: 'Competition A', date: '2020-04-24', medal: 'SILVER', teamSize: 3 },
    { competition: 'Competition B', date: '2020-06-19', medal: 'BRONZE', teamSize: 3 },
    // hoego needs a medal for every result, and the retrospective does not say which one this was: it is recorded
    // without one, so the medal count stays the retrospective's, and the team's log of that day says so.
    { competition: 'Cornell Bird Identification', date: '2020-09-16', medal: 'NONE', teamSize: 4 },
    { competition: 'Competition C', date: '2020-10-30', medal: 'SILVER', teamSize: 4 },
    { competition: 'Competition D', date: '2020-12-18', medal: 'SILVER', teamSize: 4 },
  ];
  for (const r of results) {
    await services.kaggle.log(user, { goalId: kaggle2020, kind: 'FEATURED', ...r });
    logCount += 1;
  }
  const teamNotes: Record<string, string> = {
    '2020-09-16': 'Cornell Bird Identification: a strong team result (which medal is not recorded here)',
  };
  await days('2020-01-06', '2021-12-31', async (date, weekday) => {
    const weekend = weekday >= 6;
    if (teamNotes[date] || rng.chance(weekend ? 0.7 : 0.3))
      await log(teamHours, date, rng.int(1, weekend ? 5 : 3), weekend ? 14 : 22, teamNotes[date]);
  });

  // The KTCCS paper grew out of a 2018 hackathon model; published in 2020.
  await days('2019-03-02', '2020-06-20', async (date, weekday) => {
    if (rng.chance(weekday >= 6 ? 0.45 : 0.08)) await log(ktccs, date, rng.int(1, 4), weekday >= 6 ? 10 : 21);
  });
  await milestones(ktccs, [
    ['Rework the 2018 hackathon model', '2019-04-20'],
    ['Experiments on noisy, unrefined sentences', '2019-10-26'],
    ['Draft', '2020-02-22'],
    ['Submitted to KTCCS', '2020-04-10'],
    ['Published at KTCCS', '2020-06-26'],
  ]);

  // Training nearly every day, up the planche ladder; each workout logs its minutes on the training habit.
  await days(TRAINING_FROM, '2021-12-31', async (date) => {
    const w = plancheWorkout(rng, date);
    if (!w) return;
    await services.workouts.log(user, {
      goalId: training,
      date,
      occurredAt: at(date, w.hour),
      durationMinutes: w.durationMinutes,
      feeling: w.feeling,
      sets: w.sets,
    });
    logCount += 1;
  });

  // Communication, one step at a time: more weeks kept each year, and better weeks from 2020 on.
  const talkGoes: Array<[string, number]> = [
    ['2019-01-07', 2.1],
    ['2019-12-31', 2.3],
    ['2020-12-31', 4],
    ['2021-12-31', 4.4],
  ];
  await days('2019-01-07', '2021-12-31', async (date, weekday) => {
    const p = date < '2020-01-01' ? 0.4 : date < '2021-01-01' ? 0.6 : 0.8;
    // Decided each Monday: is this a week with a feedback talk, and on which weekday.
    if (weekday !== 1 || !rng.chance(p)) return;
    const day = shiftDate(date, rng.int(0, 4));
    if (day < BURNOUT.from || day > BURNOUT.to) await rate(communication, day, along(day, talkGoes) + rng.int(-7, 7) / 10, 18);
  });

  // The article: two months of weekends with the team.
  await days('2020-10-03', '2020-11-29', async (date, weekday) => {
    if (weekday >= 6 && rng.chance(0.85)) await log(article, date, rng.int(2, 5), 15);
  });
  await milestones(article, [
    ['Outline with the team', '2020-10-04'],
    ['Drafts over the weekends', '2020-11-29'],
    ['Published on Towards Data Science', '2020-12-05'],
  ]);

  // Super-resolution: still an idea at the end of 2020; the idea settled and the experiments done in 2021, writing begun.
  await days('2020-11-01', '2021-12-31', async (date, weekday) => {
    const p = date < '2021-01-01' ? 0.15 : weekday >= 6 ? 0.5 : 0.25;
    if (rng.chance(p)) await log(superResolution, date, rng.int(1, 3), weekday >= 6 ? 11 : 22);
  });
  const [stages] = await milestonesByGoal(db, user.id, [superResolution]);
  await complete(stages[0].id, '2021-01-17');
  await complete(stages[1].id, '2021-07-01');

  // Rest and reflection, the two things 2021 was meant to learn: rest days rated for how rested they left one.
  await days('2021-01-01', '2021-12-31', async (date, weekday) => {
    if (weekday === 7 && rng.chance(0.7))
      await rate(
        rest,
        date,
        along(date, [
          ['2021-01-01', 2],
          ['2021-12-31', 3.8],
        ]) +
          rng.int(-6, 6) / 10,
        20,
      );
  });
  await rate(reflect, '2020-12-31', 4, 23, 'First written year-end retrospective');
  await days('2021-01-25', '2021-12-31', async (date, weekday) => {
    const lastSunday = weekday === 7 && Number(date.slice(8, 10)) > 24;
    if (lastSunday && rng.chance(0.75))
      await rate(
        reflect,
        date,
        along(date, [
          ['2021-01-01', 3.2],
          ['2021-12-31', 4.2],
        ]) +
          rng.int(-5, 5) / 10,
        21,
        'Monthly reflection',
      );
  });

  return { user, token: secret, logCount };
}
