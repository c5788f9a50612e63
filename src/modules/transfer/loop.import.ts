import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { AppError } from '../../errors';
import { GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import type { ImportItem, ProgressLogWriter } from '../log/log.writer';
import { PauseEntity } from '../pause/pause.entity';
import { ReminderEntity } from '../reminder/reminder.entity';
import type { ReminderSchedule } from '../reminder/reminder.schedule';
import { MAX_REMINDERS_PER_GOAL } from '../reminder/reminder.service';
import type { UserEntity } from '../user/user.entity';
import { DryRun, IMPORT_CHUNK, fileError, type ImportProgress, type ImportSummary } from './import.common';
import type { LoopFile, LoopHabit } from './loop.read';

const DAY_MS = 86_400_000;

/** The day after a local date. */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Runs of consecutive days, as [first, last]. */
function runsOf(days: string[]): Array<[string, string]> {
  const runs: Array<[string, string]> = [];
  for (const day of [...new Set(days)].sort()) {
    const last = runs[runs.length - 1];
    if (last && nextDay(last[1]) === day) last[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}

/**
 * Loop Habit Tracker's habits into hoego, from its full backup or its CSV export (read by `loop.read.ts`): each
 * habit a HABIT goal (matched by title, or created with Loop's frequency, unit and target, archived when archived,
 * starting on its first entry's day), each YES_MANUAL day or number a log with its note, each SKIP a paused day,
 * and a habit's reminder (full backups) a reminder (ALWAYS) on its goal at the same time and weekdays.
 */
export class LoopImport {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly goals: GoalService,
    private readonly writer: ProgressLogWriter,
    private readonly schedule: ReminderSchedule,
  ) {}

  /**
   * In one transaction; the same file again adds nothing (each log is keyed by its habit and day). Entries are
   * read from the file one at a time and written a chunk at a time. Closes `loop` when done.
   */
  async run(
    user: UserEntity,
    file: string,
    loop: LoopFile,
    opts: { dryRun?: boolean; onProgress?: ImportProgress } = {},
  ): Promise<ImportSummary> {
    const summary: ImportSummary = {
      format: 'loop',
      dryRun: opts.dryRun === true,
      created: { goals: 0, logs: 0, pausedDays: 0, reminders: 0 },
      matched: { goals: 0, logs: 0, pausedDays: 0, reminders: 0 },
      skipped: [],
    };
    const total = loop.habits.reduce((sum, habit) => sum + habit.logs, 0);
    try {
      const result = await this.db.write(async (em) => {
        const existing = await em.find(GoalEntity, { where: { userId: user.id }, order: { id: 'ASC' } });
        const byTitle = new Map<string, GoalEntity>();
        for (const goal of existing) if (!byTitle.has(goal.title)) byTitle.set(goal.title, goal);
        let chunk: ImportItem[] = [];
        let done = 0;
        const flush = async () => {
          const { created, existing: already } = await this.writer.importMany(em, user, 'loop', chunk);
          summary.created.logs += created;
          summary.matched.logs += already;
          done += chunk.length;
          chunk = [];
          opts.onProgress?.(done, total);
        };
        for (const habit of loop.habits) {
          const goal = await this.goalFor(em, user, file, habit, byTitle, summary);
          // Loop holds one entry per habit and day; a digest keeps any habit name within the key's length.
          const nameKey = createHash('sha256').update(habit.name).digest('hex');
          const skippedDays: string[] = [];
          for (const entry of habit.entries()) {
            if (entry.value === null) {
              skippedDays.push(entry.date);
              continue;
            }
            chunk.push({
              draft: { goalId: goal.id, date: entry.date, value: entry.value, note: entry.note },
              key: `${entry.date} ${nameKey}`,
              where: `${file}: ${entry.where}`,
            });
            if (chunk.length === IMPORT_CHUNK) await flush();
          }
          await this.pause(em, user, goal, skippedDays, summary);
          await this.remind(em, user, file, habit, goal, summary);
          for (const [reason, count] of Object.entries(habit.ignored))
            summary.skipped.push({ where: `${file}: ${habit.name}`, reason: `${count} ${reason} ${count === 1 ? 'entry' : 'entries'}` });
        }
        if (chunk.length > 0) await flush();
        if (summary.dryRun) throw new DryRun(summary);
        return summary;
      });
      if (result.created.reminders > 0) this.schedule.changed();
      return result;
    } catch (error) {
      if (error instanceof DryRun) return error.summary;
      throw error;
    } finally {
      loop.close();
    }
  }

  private async goalFor(
    em: EntityManager,
    user: UserEntity,
    file: string,
    habit: LoopHabit,
    byTitle: Map<string, GoalEntity>,
    summary: ImportSummary,
  ): Promise<GoalEntity> {
    const found = byTitle.get(habit.name);
    if (found) {
      summary.matched.goals += 1;
      return found;
    }
    try {
      const goal = await this.goals.createIn(
        em,
        user,
        {
          title: habit.name,
          kind: 'HABIT',
          description: habit.description,
          unit: habit.unit,
          target: habit.targetValue,
          targetType: habit.targetType,
          frequency: { times: habit.freqNum, perDays: habit.freqDen },
          startDate: habit.firstDay,
        },
        habit.archived ? 'ARCHIVED' : 'ACTIVE',
      );
      byTitle.set(habit.name, goal);
      summary.created.goals += 1;
      return goal;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw fileError(file, habit.where, `the habit ${JSON.stringify(habit.name)} cannot become a goal (${error.message})`);
    }
  }

  /** The habit's reminder on its goal, unless the goal has one at that time on those weekdays already. */
  private async remind(
    em: EntityManager,
    user: UserEntity,
    file: string,
    habit: LoopHabit,
    goal: GoalEntity,
    summary: ImportSummary,
  ): Promise<void> {
    const reminder = habit.reminder;
    if (!reminder) return;
    if (reminder.weekdays?.length === 0) {
      summary.skipped.push({ where: `${file}: ${habit.name}`, reason: 'a reminder on no weekday' });
      return;
    }
    const existing = await em.findBy(ReminderEntity, { userId: user.id, goalId: goal.id });
    if (existing.some((r) => r.at === reminder.at && String(r.weekdays) === String(reminder.weekdays))) {
      summary.matched.reminders += 1;
      return;
    }
    if (existing.length >= MAX_REMINDERS_PER_GOAL) {
      summary.skipped.push({ where: `${file}: ${habit.name}`, reason: `its reminder: the goal has ${MAX_REMINDERS_PER_GOAL} already` });
      return;
    }
    await em.insert(ReminderEntity, {
      userId: user.id,
      goalId: goal.id,
      at: reminder.at,
      weekdays: reminder.weekdays,
      when: 'ALWAYS',
      nextFireAt: this.schedule.nextFireOf(reminder, user),
      requestId: null,
      createdAt: this.clock.now(),
    });
    await this.schedule.announce(em);
    summary.created.reminders += 1;
  }

  /** SKIP days as pauses of the goal, a run of days as one pause; a pause there already is not made again. */
  private async pause(em: EntityManager, user: UserEntity, goal: GoalEntity, days: string[], summary: ImportSummary): Promise<void> {
    for (const [startDate, endDate] of runsOf(days)) {
      const count = Math.round((Date.parse(endDate) - Date.parse(startDate)) / DAY_MS) + 1;
      if (await em.existsBy(PauseEntity, { userId: user.id, goalId: goal.id, startDate, endDate })) {
        summary.matched.pausedDays += count;
        continue;
      }
      await em.insert(PauseEntity, {
        userId: user.id,
        goalId: goal.id,
        startDate,
        endDate,
        reason: 'skipped in Loop',
        createdAt: this.clock.now(),
      });
      summary.created.pausedDays += count;
    }
  }
}
