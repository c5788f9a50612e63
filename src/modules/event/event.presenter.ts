import type { Database } from '../../db/database';
import { toGlobalId } from '../../ids';
import { Loaders } from '../../loaders';
import type { AnalyticsService } from '../analytics/analytics.service';
import { GoalEntity } from '../goal/goal.entity';
import { UserEntity } from '../user/user.entity';
import type { EventEntity } from './event.entity';
import { goalSnapshot } from './outbox';

/**
 * Turns a recorded event into the JSON a webhook receives: the event's id, type, time and owner, the changed
 * object as it was recorded, and its goal as it is when the event is delivered, with what is derived from its
 * history (streak, score, progress) worked out then from the goal summaries. A goal deleted since is left out.
 */
export class EventPresenter {
  constructor(
    private readonly db: Database,
    private readonly analytics: AnalyticsService,
  ) {}

  /** The body of a delivery of `event`. */
  async present(event: EventEntity): Promise<Record<string, unknown>> {
    const data = JSON.parse(event.payload) as Record<string, unknown>;
    if (event.goalId !== null) data.goal = await this.goalState(event.userId, event.goalId);
    return { id: event.uid, type: event.type, occurredAt: event.occurredAt.toISOString(), user: toGlobalId('User', event.userId), data };
  }

  private async goalState(userId: number, goalId: number): Promise<Record<string, unknown> | null> {
    const [user, goal] = await this.db.read((em) =>
      Promise.all([em.findOneBy(UserEntity, { id: userId }), em.findOneBy(GoalEntity, { id: goalId, userId })]),
    );
    if (!user || !goal) return null;
    const loaders = new Loaders(this.db, userId);
    const [streak, score, progress] = await Promise.all([
      this.analytics.streak(user, goal, loaders),
      this.analytics.score(user, goal, loaders),
      this.analytics.progress(user, goal, loaders),
    ]);
    return {
      ...goalSnapshot(goal),
      streak: streak && { current: streak.current, longest: streak.longest },
      score,
      progress: { current: progress.current, target: progress.target, percent: progress.percent },
    };
  }
}
