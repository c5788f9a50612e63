/**
 * Demo data: the first user's goals (see /work/shared/context/README.md for the facts), with generated but
 * plausible logs for 2019–2021 in Asia/Seoul. Everything goes through the services, so the usual rules apply
 * (dates not in the future, milestones completing their goal, targets reaching ACHIEVED).
 *
 * Only facts from the retrospective are used: Competitions Expert with three silver and one bronze medals in
 * 2020, a strong team result in the Cornell Bird Identification challenge, Master needing one gold medal, the
 * KTCCS paper, the super-resolution idea aimed at CVPR or ECCV, the audio article on Towards Data Science written
 * over two months of weekends, daily bodyweight training toward a planche, communication, rest and reflection.
 * The days, hours and minutes are generated. Kaggle is modelled with plain goals for now (Master as a TARGET
 * under a Grandmaster MILESTONES goal); this file is the one place to switch to the Kaggle goal types.
 */
import { DateTime } from 'luxon';
import { datesBetween, isoWeekday, shiftDate } from '../domain/year-review';
import { toGlobalId } from '../graphql/relay';
import { CreateGoalInput } from '../modules/goal/goal.inputs';
import { GoalKind } from '../modules/goal/goal.type';
import { LogProgressInput } from '../modules/log/log.inputs';
import type { UserEntity } from '../modules/user/user.entity';
import type { Services } from '../services';
import { Random } from './random';

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

type GoalSpec = Omit<Partial<CreateGoalInput>, 'kind'> & { title: string; kind: GoalKind };

/** Builds the demo user and their goals, milestones, pauses and logs. Deterministic: same data on every run. */
export async function seedDemo(services: Services): Promise<DemoSeed> {
  const rng = new Random(SEED);
  const user = await services.users.create({ handle: 'demo', displayName: 'Demo: an ML engineer in Seoul', timeZone: ZONE });
  const { secret } = await services.tokens.create(user.id, 'demo', ['read', 'write']);
  let logCount = 0;

  const goal = async (spec: GoalSpec, parentId?: number): Promise<number> =>
    (await services.goals.create(user, Object.assign(new CreateGoalInput(), spec, parentId ? { parentId: toGlobalId('Goal', parentId) } : {}))).id;
  const log = async (goalId: number, date: string, value: number, hour: number, note?: string) => {
    const occurredAt = DateTime.fromISO(`${date}T${String(hour).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`, { zone: ZONE }).toJSDate();
    await services.logs.log(user, Object.assign(new LogProgressInput(), { goalId: toGlobalId('Goal', goalId), date, occurredAt, value, note: note ?? null }));
    logCount += 1;
  };
  // All stages are added before any is completed: completing the last open one achieves the goal.
  const milestones = async (goalId: number, stages: Array<[title: string, reachedOn: string | null, dueDate?: string]>) => {
    const added = [];
    for (const [title, , dueDate] of stages) added.push(await services.milestones.add(user, { goalId: toGlobalId('Goal', goalId), title, dueDate: dueDate ?? null }));
    for (const [i, [, reachedOn]] of stages.entries()) {
      if (reachedOn) await services.milestones.complete(user, { id: toGlobalId('Milestone', added[i].id), achievedOn: reachedOn });
    }
  };
  /** Calls `fn` for each day of from..to outside the burnout week, with its ISO weekday. */
  const days = async (from: string, to: string, fn: (date: string, weekday: number) => Promise<void>) => {
    for (const date of datesBetween(from, to)) if (date < BURNOUT.from || date > BURNOUT.to) await fn(date, isoWeekday(date));
  };

  // Goals that were open in 2019–2020.
  const grandmaster = await goal({ title: 'Kaggle Competitions Grandmaster', kind: GoalKind.MILESTONES, startDate: '2020-01-01', tags: ['kaggle'] });
  const kaggle = await goal({
    title: 'Kaggle competitions with the team',
    kind: GoalKind.HABIT,
    unit: 'hours',
    frequency: { times: 3, perDays: 7 },
    startDate: '2020-01-01',
    tags: ['kaggle'],
  });
  const ktccs = await goal({
    title: 'Paper: CNN with attention for noisy Korean sentences (KTCCS)',
    kind: GoalKind.MILESTONES,
    unit: 'hours',
    startDate: '2019-03-01',
    tags: ['research'],
  });
  const training = await goal({
    title: 'Bodyweight training at home, toward a full planche',
    kind: GoalKind.HABIT,
    unit: 'min',
    startDate: '2020-01-01',
    tags: ['health'],
  });
  const communication = await goal({
    title: 'Communication: share progress and ask for feedback every week',
    kind: GoalKind.HABIT,
    frequency: { times: 1, perDays: 7 },
    startDate: '2019-01-07',
    tags: ['work'],
  });
  const article = await goal({
    title: 'Towards Data Science article on audio processing, with the Kaggle team',
    kind: GoalKind.MILESTONES,
    unit: 'hours',
    startDate: '2020-10-01',
    tags: ['writing', 'kaggle'],
  });
  const superResolution = await goal({
    title: 'Super-resolution paper for CVPR or ECCV',
    kind: GoalKind.MILESTONES,
    unit: 'hours',
    startDate: '2020-10-01',
    tags: ['research'],
  });
  // The one burn-out of 2020: everything stopped for a week.
  await services.pauses.pauseAll(user, { ...BURNOUT, reason: 'Burned out: a week off from everything' });

  // Goals set for 2021 at the end of 2020. Nothing is logged toward the gold medal: it is still ahead.
  await goal(
    { title: 'Kaggle Competitions Master: one gold medal', kind: GoalKind.TARGET, target: 1, unit: 'gold medal', startDate: '2021-01-01', tags: ['kaggle'] },
    grandmaster,
  );
  const rest = await goal({ title: 'Rest: one real day off every week', kind: GoalKind.HABIT, frequency: { times: 1, perDays: 7 }, startDate: '2021-01-01', tags: ['rest'] });
  const reflect = await goal({ title: 'Reflect every month', kind: GoalKind.HABIT, frequency: { times: 1, perDays: 30 }, startDate: '2020-12-01', tags: ['reflection'] });
  for (const [from, to, reason] of [['2021-02-10', '2021-02-14', 'Seollal with family'], ['2021-09-19', '2021-09-22', 'Chuseok with family']]) {
    await services.pauses.pauseGoal(user, { goalId: toGlobalId('Goal', rest), from, to, reason });
  }

  // Kaggle: the first year of competing. Medals on the days the results came out.
  const results: Record<string, string> = {
    '2020-04-24': 'Silver medal',
    '2020-06-19': 'Bronze medal',
    '2020-09-16': 'Cornell Bird Identification: a strong team result',
    '2020-10-30': 'Silver medal',
    '2020-12-18': 'Silver medal',
  };
  await days('2020-01-06', '2021-12-31', async (date, weekday) => {
    const weekend = weekday >= 6;
    if (results[date] || rng.chance(weekend ? 0.7 : 0.3)) await log(kaggle, date, rng.int(1, weekend ? 5 : 3), weekend ? 14 : 22, results[date]);
  });
  await milestones(grandmaster, [['Competitions Expert', '2020-06-19'], ['Competitions Master', null], ['Competitions Grandmaster', null]]);

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

  // Training every day through 2020, and on into 2021.
  await days('2020-01-01', '2021-12-31', async (date) => {
    if (rng.chance(date < '2021-01-01' ? 0.93 : 0.88)) await log(training, date, rng.int(4, 12) * 5, rng.pick([7, 21]));
  });

  // Communication, one step at a time: more weeks kept each year.
  await days('2019-01-07', '2021-12-31', async (date, weekday) => {
    const p = date < '2020-01-01' ? 0.4 : date < '2021-01-01' ? 0.6 : 0.8;
    // Decided each Monday: is this a week with a feedback talk, and on which weekday.
    if (weekday === 1 && rng.chance(p)) await log(communication, shiftDate(date, rng.int(0, 4)), 1, 18);
  });

  // The article: two months of weekends with the team.
  await days('2020-10-03', '2020-11-29', async (date, weekday) => {
    if (weekday >= 6 && rng.chance(0.85)) await log(article, date, rng.int(2, 5), 15);
  });
  await milestones(article, [['Outline with the team', '2020-10-04'], ['Drafts over the weekends', '2020-11-29'], ['Published on Towards Data Science', '2020-12-05']]);

  // Super-resolution: an idea at the end of 2020, experiments through 2021.
  await days('2020-11-01', '2021-12-31', async (date, weekday) => {
    const p = date < '2021-01-01' ? 0.15 : weekday >= 6 ? 0.5 : 0.25;
    if (rng.chance(p)) await log(superResolution, date, rng.int(1, 3), weekday >= 6 ? 11 : 22);
  });
  await milestones(superResolution, [
    ['Idea', '2020-12-20'],
    ['Experiments finished', null, '2021-12-31'],
    ['Writing started', null],
    ['Submitted to CVPR or ECCV', null],
  ]);

  // Rest and reflection, the two things 2021 was meant to learn.
  await days('2021-01-01', '2021-12-31', async (date, weekday) => {
    if (weekday === 7 && rng.chance(0.7)) await log(rest, date, 1, 20);
  });
  await log(reflect, '2020-12-31', 1, 23, 'First written year-end retrospective');
  await days('2021-01-25', '2021-12-31', async (date, weekday) => {
    const lastSunday = weekday === 7 && Number(date.slice(8, 10)) > 24;
    if (lastSunday && rng.chance(0.75)) await log(reflect, date, 1, 21, 'Monthly reflection');
  });

  return { user, token: secret, logCount };
}
