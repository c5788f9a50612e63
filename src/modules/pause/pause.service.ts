import { In, type EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { daysBetween } from '../../domain/calendar';
import { badInput, notFound, requireSomeChange } from '../../errors';
import { toGlobalId } from '../../ids';
import { GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import { createdThenDeleted, writeOnce } from '../request/request-keys';
import type { UserEntity } from '../user/user.entity';
import { PauseEntity } from './pause.entity';

const MAX_PAUSE_DAYS = 366;

/** Pauses: planned rest that freezes streaks and scores instead of breaking them. */
export class PauseService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly goals: GoalService,
  ) {}

  /** Pauses one of the user's goals for from..to. */
  async pauseGoal(
    user: UserEntity,
    input: { goalId: number; from: string; to: string; reason?: string | null; requestId?: string | null },
  ): Promise<{ pause: PauseEntity; goal: GoalEntity }> {
    const { goalId } = input;
    const range = checkRange(input.from, input.to, input.reason ?? null);
    const key = { userId: user.id, operation: 'pauseGoal' as const, requestId: input.requestId, input };
    const create = async (em: EntityManager) => {
      const goal = await this.goals.getIn(em, user.id, goalId);
      const pause = await this.insert(em, user.id, goal.id, range);
      return { value: { pause, goal }, ids: [pause.id] };
    };
    return writeOnce(this.db, key, create, async (em, [id]) => {
      const pause = await em.findOneBy(PauseEntity, { id, userId: user.id });
      if (!pause) throw createdThenDeleted('pause', input.requestId);
      return { pause, goal: await this.goals.getIn(em, user.id, pause.goalId) };
    });
  }

  /** Pauses every ACTIVE goal of the user for from..to, one pause per goal. */
  async pauseAll(
    user: UserEntity,
    input: { from: string; to: string; reason?: string | null; requestId?: string | null },
  ): Promise<PauseEntity[]> {
    const range = checkRange(input.from, input.to, input.reason ?? null);
    const key = { userId: user.id, operation: 'pauseAll' as const, requestId: input.requestId, input };
    const create = async (em: EntityManager) => {
      const goals = await em.find(GoalEntity, { where: { userId: user.id, status: 'ACTIVE' }, order: { id: 'ASC' } });
      const pauses: PauseEntity[] = [];
      for (const goal of goals) pauses.push(await this.insert(em, user.id, goal.id, range));
      return { value: pauses, ids: pauses.map((p) => p.id) };
    };
    // A retry answers the pauses still there: one deleted since is not made again.
    return writeOnce(this.db, key, create, (em, ids) =>
      ids.length === 0 ? Promise.resolve([]) : em.find(PauseEntity, { where: { userId: user.id, id: In(ids) }, order: { goalId: 'ASC' } }),
    );
  }

  /** Deletes one of the user's pauses; its days count as ordinary days again. Returns the pause's goal. */
  async delete(user: UserEntity, id: number): Promise<GoalEntity> {
    return this.db.write(async (em) => {
      const pause = await this.getIn(em, user.id, id);
      await em.delete(PauseEntity, { id });
      return this.goals.getIn(em, user.id, pause.goalId);
    });
  }

  /**
   * Changes the days or the reason of one of the user's pauses; omitted fields stay, a null reason clears it.
   * The new range is checked as a new pause's would be.
   */
  async update(
    user: UserEntity,
    id: number,
    changes: { from?: string | null; to?: string | null; reason?: string | null },
  ): Promise<{ pause: PauseEntity; goal: GoalEntity }> {
    requireSomeChange(changes);
    return this.db.write(async (em) => {
      const pause = await this.getIn(em, user.id, id);
      const range = checkRange(
        changes.from ?? pause.startDate,
        changes.to ?? pause.endDate,
        changes.reason !== undefined ? changes.reason : pause.reason,
      );
      pause.startDate = range.from;
      pause.endDate = range.to;
      pause.reason = range.reason;
      const saved = await em.save(pause);
      return { pause: saved, goal: await this.goals.getIn(em, user.id, pause.goalId) };
    });
  }

  private async getIn(em: EntityManager, userId: number, id: number): Promise<PauseEntity> {
    const pause = await em.findOneBy(PauseEntity, { id, userId });
    if (!pause) throw notFound('pause', toGlobalId('Pause', id));
    return pause;
  }

  /** The user's pause with this id, or null. */
  async find(userId: number, id: number): Promise<PauseEntity | null> {
    return this.db.read((em) => em.findOneBy(PauseEntity, { id, userId }));
  }

  private insert(em: EntityManager, userId: number, goalId: number, range: { from: string; to: string; reason: string | null }) {
    return em.save(
      em.create(PauseEntity, {
        userId,
        goalId,
        startDate: range.from,
        endDate: range.to,
        reason: range.reason,
        createdAt: this.clock.now(),
      }),
    );
  }
}

function checkRange(from: string, to: string, reason: string | null) {
  if (to < from) throw badInput('to', `must be on or after from (${from}), got ${to}`);
  const days = daysBetween(from, to) + 1;
  if (days > MAX_PAUSE_DAYS) throw badInput('to', `a pause lasts at most ${MAX_PAUSE_DAYS} days, got ${days}`);
  if (reason !== null && reason.length > 200) throw badInput('reason', 'must be at most 200 characters');
  return { from, to, reason };
}
