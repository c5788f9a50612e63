import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { badInput, notFound, requireSomeChange } from '../../errors';
import { toGlobalId } from '../../ids';
import type { GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import { createdThenDeleted, writeOnce, type Created, type RequestKey } from '../request/request-keys';
import type { UserEntity } from '../user/user.entity';
import { MilestoneEntity } from './milestone.entity';

/** Most milestones one goal may have: `Goal.milestones` is one unpaged list, priced at this size. */
export const MAX_MILESTONES_PER_GOAL = 100;

/** A stage to append to a goal. */
export interface NewMilestone {
  goalId: number;
  title: string;
  dueDate?: string | null;
  evidenceUrl?: string | null;
  requestId?: string | null;
}

/** Milestones: ordered stages of a goal, and the goal's completion when the last one is reached. */
export class MilestoneService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly goals: GoalService,
  ) {}

  /** Appends a milestone to one of the user's goals; an ACHIEVED MILESTONES goal becomes ACTIVE again. */
  async add(user: UserEntity, input: NewMilestone): Promise<MilestoneEntity> {
    const { goalId } = input;
    const title = checkTitle(input.title);
    const evidenceUrl = checkUrl(input.evidenceUrl ?? null);
    const key: RequestKey = { userId: user.id, operation: 'addMilestone', requestId: input.requestId, input };
    const add = async (em: EntityManager): Promise<Created<MilestoneEntity>> => {
      // The lock serialises appends to one goal, so positions stay unique across servers.
      const goal = await this.goals.lockIn(em, user.id, goalId);
      if (input.dueDate != null && input.dueDate < goal.startDate) {
        throw badInput('dueDate', `must be on or after the goal's startDate (${goal.startDate}), got ${input.dueDate}`);
      }
      const row: { last: number | string | null; count: number | string } | undefined = await em
        .createQueryBuilder(MilestoneEntity, 'm')
        .select('MAX(m.position)', 'last')
        .addSelect('COUNT(*)', 'count')
        .where('m.goal_id = :goalId', { goalId })
        .getRawOne();
      const count = Number(row?.count ?? 0);
      if (count >= MAX_MILESTONES_PER_GOAL) {
        throw badInput('goalId', `a goal has at most ${MAX_MILESTONES_PER_GOAL} milestones, and this one has ${count} already`);
      }
      // A new open stage means a MILESTONES goal is not done after all: it is active again.
      if (goal.kind === 'MILESTONES' && goal.status === 'ACHIEVED') {
        this.goals.setStatus(goal, 'ACTIVE', this.goals.today(user));
        goal.updatedAt = this.clock.now();
        await em.save(goal);
      }
      const milestone = await em.save(
        em.create(MilestoneEntity, {
          userId: user.id,
          goalId,
          title,
          position: Number(row?.last ?? 0) + 1,
          dueDate: input.dueDate ?? null,
          achievedOn: null,
          evidenceUrl,
          createdAt: this.clock.now(),
        }),
      );
      return { value: milestone, ids: [milestone.id] };
    };
    return writeOnce(this.db, key, add, async (em, [id]) => {
      const milestone = await em.findOneBy(MilestoneEntity, { id, userId: user.id });
      if (!milestone) throw createdThenDeleted('milestone', input.requestId);
      return milestone;
    });
  }

  /**
   * Marks a milestone reached (again: its date and evidence are updated). When no milestone of a
   * MILESTONES goal stays open, the goal becomes ACHIEVED on that day.
   */
  async complete(
    user: UserEntity,
    id: number,
    input: { achievedOn?: string | null; evidenceUrl?: string | null },
  ): Promise<{ milestone: MilestoneEntity; goal: GoalEntity }> {
    const today = this.goals.today(user);
    const achievedOn = input.achievedOn ?? today;
    if (achievedOn > today) throw badInput('achievedOn', `must not be after today (${today}), got ${achievedOn}`);
    const evidenceUrl = checkUrl(input.evidenceUrl ?? null);
    return this.db.write(async (em) => {
      const milestone = await this.getIn(em, user.id, id);
      const goal = await this.goals.lockIn(em, user.id, milestone.goalId);
      milestone.achievedOn = achievedOn;
      if (evidenceUrl !== null) milestone.evidenceUrl = evidenceUrl;
      await em.save(milestone);
      await this.achieveWhenAllReached(em, goal);
      return { milestone, goal };
    });
  }

  /**
   * Changes a milestone's title, due date or evidence; omitted fields stay, null clears the due date or the
   * evidence. Its place and whether it is reached stay as they are.
   */
  async update(
    user: UserEntity,
    id: number,
    changes: { title?: string | null; dueDate?: string | null; evidenceUrl?: string | null },
  ): Promise<{ milestone: MilestoneEntity; goal: GoalEntity }> {
    requireSomeChange(changes);
    return this.db.write(async (em) => {
      const milestone = await this.getIn(em, user.id, id);
      const goal = await this.goals.lockIn(em, user.id, milestone.goalId);
      if (changes.title !== undefined) milestone.title = checkTitle(changes.title);
      if (changes.dueDate !== undefined) {
        if (changes.dueDate !== null && changes.dueDate < goal.startDate)
          throw badInput('dueDate', `must be on or after the goal's startDate (${goal.startDate}), got ${changes.dueDate}`);
        milestone.dueDate = changes.dueDate;
      }
      if (changes.evidenceUrl !== undefined) milestone.evidenceUrl = checkUrl(changes.evidenceUrl);
      return { milestone: await em.save(milestone), goal };
    });
  }

  /**
   * Deletes a milestone. When the milestones left of an ACTIVE MILESTONES goal are all reached, the goal is
   * achieved, on the day the last of them was reached. Returns its goal.
   */
  async delete(user: UserEntity, id: number): Promise<GoalEntity> {
    return this.db.write(async (em) => {
      const milestone = await this.getIn(em, user.id, id);
      const goal = await this.goals.lockIn(em, user.id, milestone.goalId);
      await em.delete(MilestoneEntity, { id: milestone.id, userId: user.id });
      await this.achieveWhenAllReached(em, goal);
      return goal;
    });
  }

  /**
   * Makes a reached milestone open again (its evidence is kept). A MILESTONES goal that was ACHIEVED goes back
   * to ACTIVE, as it has an open stage again. An open milestone is refused.
   */
  async reopen(user: UserEntity, id: number): Promise<{ milestone: MilestoneEntity; goal: GoalEntity }> {
    return this.db.write(async (em) => {
      const milestone = await this.getIn(em, user.id, id);
      if (milestone.achievedOn === null) throw badInput('id', 'names a milestone that is open already; only a reached one can be reopened');
      const goal = await this.goals.lockIn(em, user.id, milestone.goalId);
      milestone.achievedOn = null;
      await em.save(milestone);
      if (goal.kind === 'MILESTONES' && goal.status === 'ACHIEVED') {
        this.goals.setStatus(goal, 'ACTIVE', this.goals.today(user));
        goal.updatedAt = this.clock.now();
        await em.save(goal);
      }
      return { milestone, goal };
    });
  }

  /** Achieves an ACTIVE MILESTONES goal with milestones all reached, dated when the last of them was reached. */
  private async achieveWhenAllReached(em: EntityManager, goal: GoalEntity): Promise<void> {
    if (goal.kind !== 'MILESTONES' || goal.status !== 'ACTIVE') return;
    const row: { open: number | string | null; count: number | string; last: string | null } | undefined = await em
      .createQueryBuilder(MilestoneEntity, 'm')
      .select('SUM(CASE WHEN m.achieved_on IS NULL THEN 1 ELSE 0 END)', 'open')
      .addSelect('COUNT(*)', 'count')
      .addSelect('MAX(m.achieved_on)', 'last')
      .where('m.goal_id = :goalId', { goalId: goal.id })
      .getRawOne();
    if (Number(row?.count ?? 0) === 0 || Number(row?.open ?? 0) > 0 || !row?.last) return;
    // The goal was achieved when its last stage was reached, whichever was completed last in time.
    this.goals.setStatus(goal, 'ACHIEVED', row.last);
    goal.updatedAt = this.clock.now();
    await em.save(goal);
  }

  /** The user's milestone with this id, or null. */
  async find(userId: number, id: number): Promise<MilestoneEntity | null> {
    return this.db.read((em) => em.findOneBy(MilestoneEntity, { id, userId }));
  }

  private async getIn(em: EntityManager, userId: number, id: number): Promise<MilestoneEntity> {
    const milestone = await em.findOneBy(MilestoneEntity, { id, userId });
    if (!milestone) throw notFound('milestone', toGlobalId('Milestone', id));
    return milestone;
  }
}

function checkTitle(raw: string | null): string {
  const title = (raw ?? '').trim();
  if (title.length === 0 || title.length > 200) throw badInput('title', `must be 1–200 characters, got ${title.length}`);
  return title;
}

function checkUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && url.length <= 2000) return url;
  } catch {
    // fall through
  }
  throw badInput('evidenceUrl', `must be an http or https URL of at most 2000 characters, got ${JSON.stringify(url)}`);
}
