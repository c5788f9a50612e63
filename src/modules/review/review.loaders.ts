import type { EntityManager } from 'typeorm';
import { GoalEntity } from '../goal/goal.entity';
import { ProgressLogEntity } from '../log/progress-log.entity';
import { MilestoneEntity } from '../milestone/milestone.entity';
import { PauseEntity } from '../pause/pause.entity';
import { NOTES_CAP } from './review.model';

/**
 * The year-in-review queries. Every one is filtered by user and aggregates in the database (GROUP BY), so a
 * review costs the same ten statements whatever the number of goals and logs. The SQL is plain enough for both
 * SQLite and PostgreSQL: SUBSTR on the varchar date, CASE inside SUM, and Number() around every aggregate
 * because PostgreSQL returns COUNT (bigint) as a string.
 */

/** The local-date bounds a review reads. */
export interface ReviewBounds {
  from: string;
  to: string;
  prevFrom: string;
  prevTo: string;
  /** Habits' days are read from here on: their frequency windows and streaks at 1 January need the days before it. */
  warmFrom: string;
}

/** Everything a review is computed from. */
export interface ReviewRows {
  goals: GoalEntity[];
  milestones: MilestoneEntity[];
  pauses: PauseEntity[];
  /** Per goal and month of the year. */
  months: Array<{ goalId: number; month: string; logCount: number; total: number; activeDays: number }>;
  /** Per goal and day: the year for every goal, plus warmFrom…from for habits. */
  days: Array<{ goalId: number; date: string; count: number; sum: number }>;
  /** Per goal over the previous year. */
  previous: Array<{ goalId: number; logCount: number; total: number; activeDays: number }>;
  /** All of the previous year. */
  previousTotals: { logCount: number; activeDays: number };
  /** TARGET goals: total of logs dated before the previous year, and before this one. */
  ledgers: Array<{ goalId: number; beforePrev: number; beforeYear: number }>;
  notes: ProgressLogEntity[];
  noteCount: number;
}

type Raw = Record<string, string | number | null>;
const num = (v: string | number | null | undefined): number => Number(v ?? 0);

/** Reads a review's rows for one user; the statements run concurrently where the driver allows. */
export async function loadReviewRows(em: EntityManager, userId: number, b: ReviewBounds): Promise<ReviewRows> {
  const logs = () => em.createQueryBuilder(ProgressLogEntity, 'l');
  const goalsOfKind = (param: 'habitKind' | 'targetKind') => `(SELECT g.id FROM goals g WHERE g.user_id = :userId AND g.kind = :${param})`;
  const p = { userId, ...b, habitKind: 'HABIT', targetKind: 'TARGET' };

  const [goals, milestones, pauses, months, days, previous, previousTotals, ledgers, [notes, noteCount]] = await Promise.all([
    em.find(GoalEntity, { where: { userId }, order: { id: 'ASC' } }),
    em.find(MilestoneEntity, { where: { userId }, order: { goalId: 'ASC', position: 'ASC', id: 'ASC' } }),
    em
      .createQueryBuilder(PauseEntity, 'p')
      .where('p.user_id = :userId AND p.end_date >= :warmFrom AND p.start_date <= :to', p)
      .orderBy('p.start_date')
      .getMany(),
    logs()
      .select('l.goal_id', 'goalId')
      .addSelect('SUBSTR(l.date, 1, 7)', 'month')
      .addSelect('COUNT(*)', 'logCount')
      .addSelect('SUM(l.value)', 'total')
      .addSelect('COUNT(DISTINCT l.date)', 'activeDays')
      .where('l.user_id = :userId AND l.date >= :from AND l.date <= :to', p)
      .groupBy('l.goal_id')
      .addGroupBy('SUBSTR(l.date, 1, 7)')
      .getRawMany<Raw>(),
    logs()
      .select('l.goal_id', 'goalId')
      .addSelect('l.date', 'date')
      .addSelect('COUNT(*)', 'count')
      .addSelect('SUM(l.value)', 'sum')
      // The outer bounds keep the (user_id, date) index range tight; the OR adds the warm-up days of habits only.
      .where('l.user_id = :userId AND l.date >= :warmFrom AND l.date <= :to', p)
      .andWhere(`(l.date >= :from OR l.goal_id IN ${goalsOfKind('habitKind')})`, p)
      .groupBy('l.goal_id')
      .addGroupBy('l.date')
      .getRawMany<Raw>(),
    logs()
      .select('l.goal_id', 'goalId')
      .addSelect('COUNT(*)', 'logCount')
      .addSelect('SUM(l.value)', 'total')
      .addSelect('COUNT(DISTINCT l.date)', 'activeDays')
      .where('l.user_id = :userId AND l.date >= :prevFrom AND l.date <= :prevTo', p)
      .groupBy('l.goal_id')
      .getRawMany<Raw>(),
    logs()
      .select('COUNT(*)', 'logCount')
      .addSelect('COUNT(DISTINCT l.date)', 'activeDays')
      .where('l.user_id = :userId AND l.date >= :prevFrom AND l.date <= :prevTo', p)
      .getRawOne<Raw>(),
    logs()
      .select('l.goal_id', 'goalId')
      .addSelect('SUM(CASE WHEN l.date < :prevFrom THEN l.value ELSE 0 END)', 'beforePrev')
      .addSelect('SUM(l.value)', 'beforeYear')
      .where(`l.user_id = :userId AND l.date < :from AND l.goal_id IN ${goalsOfKind('targetKind')}`, p)
      .groupBy('l.goal_id')
      .getRawMany<Raw>(),
    logs()
      .where("l.user_id = :userId AND l.date >= :from AND l.date <= :to AND l.note IS NOT NULL AND l.note <> ''", p)
      .orderBy('l.date', 'DESC')
      .addOrderBy('l.id', 'DESC')
      .limit(NOTES_CAP)
      .getManyAndCount(),
  ]);

  return {
    goals,
    milestones,
    pauses,
    months: months.map((r) => ({
      goalId: num(r.goalId),
      month: String(r.month),
      logCount: num(r.logCount),
      total: num(r.total),
      activeDays: num(r.activeDays),
    })),
    days: days.map((r) => ({ goalId: num(r.goalId), date: String(r.date), count: num(r.count), sum: num(r.sum) })),
    previous: previous.map((r) => ({
      goalId: num(r.goalId),
      logCount: num(r.logCount),
      total: num(r.total),
      activeDays: num(r.activeDays),
    })),
    previousTotals: { logCount: num(previousTotals?.logCount), activeDays: num(previousTotals?.activeDays) },
    ledgers: ledgers.map((r) => ({ goalId: num(r.goalId), beforePrev: num(r.beforePrev), beforeYear: num(r.beforeYear) })),
    notes,
    noteCount,
  };
}
