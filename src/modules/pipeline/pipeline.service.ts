import { pipelineOf } from './pipeline.loaders';
import { In, type EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { type Deadline, currentStageIndex, nextDeadline, planStageDates, stageStatuses, type StageStatus } from '../../domain/pipeline';
import { badInput } from '../../errors';
import type { Loaders } from '../../loaders';
import { GoalEntity } from '../goal/goal.entity';
import type { GoalService } from '../goal/goal.service';
import { MilestoneEntity } from '../milestone/milestone.entity';
import type { UserEntity } from '../user/user.entity';
import { PipelineEntity } from './pipeline.entity';
import { VenueEntity } from './venue.entity';
import type { VenueService } from './venue.service';

/** Which deadline of a pipeline a date is. */
export type DeadlineKind = 'SUBMISSION' | 'CAMERA_READY' | 'GOAL_DUE';

/** A stage against its plan, with its milestone. */
export type StageView = StageStatus & { milestone: MilestoneEntity };

/** A pipeline's standing, as the resolver shapes it. */
export interface PipelineView {
  venue: VenueEntity | null;
  deadline: string | null;
  nextDeadline: (Deadline<DeadlineKind> & { daysLeft: number }) | null;
  submissionStage: number;
  stages: StageView[];
  current: number | null;
}

/** A pipeline stage completed in a given year, for the year in review. */
export interface StageCompleted {
  goalId: number;
  goalTitle: string;
  stage: string;
  position: number;
  achievedOn: string;
  plannedDate: string | null;
  late: boolean;
  daysLate: number;
}

/** A pipeline's year, for the year in review. */
export interface PipelineYear {
  goalId: number;
  goalTitle: string;
  venue: VenueEntity | null;
  /** The deadline the plan aims at: the venue's submission deadline, else the goal's due date. */
  deadline: string | null;
  /** Stages completed during the year, by completion day, each against its plan. */
  stagesCompleted: StageView[];
  /** The first stage still open at `through`, late or not as of that day; null when all were done. */
  nextStage: StageView | null;
}

/** Pipelines: MILESTONES goals planned toward a venue's deadline. */
export class PipelineService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly goals: GoalService,
    private readonly venues: VenueService,
  ) {}

  /** Aims one of the user's MILESTONES goals at a venue (or at none), making it a pipeline if it was not. */
  async setVenue(
    user: UserEntity,
    input: { goalId: number; venueId?: number | null; submissionStage?: number | null },
  ): Promise<GoalEntity> {
    const { goalId, venueId } = input;
    return this.db.write(async (em) => {
      const goal = await this.goals.getIn(em, user.id, goalId);
      const existing = await em.findOneBy(PipelineEntity, { goalId: goal.id, userId: user.id });
      await this.attachIn(
        em,
        user.id,
        goal,
        venueId === undefined ? (existing?.venueId ?? null) : venueId,
        input.submissionStage ?? existing?.submissionStage ?? null,
      );
      return goal;
    });
  }

  /** Makes `goal` a pipeline aimed at `venueId`, inside the caller's transaction (templates use this). */
  async attachIn(
    em: EntityManager,
    userId: number,
    goal: GoalEntity,
    venueId: number | null,
    submissionStage: number | null,
  ): Promise<void> {
    if (goal.kind !== 'MILESTONES') throw badInput('goalId', `a pipeline is a MILESTONES goal, this one is ${goal.kind}`);
    if (submissionStage !== null && (!Number.isInteger(submissionStage) || submissionStage < 1 || submissionStage > 100)) {
      throw badInput('submissionStage', `must be a whole number from 1 to 100, got ${submissionStage}`);
    }
    if (venueId !== null) await this.venues.getIn(em, userId, venueId);
    const existing = await em.findOneBy(PipelineEntity, { goalId: goal.id, userId });
    if (existing) await em.update(PipelineEntity, { id: existing.id }, { venueId, submissionStage });
    else await em.insert(PipelineEntity, { userId, goalId: goal.id, venueId, submissionStage, createdAt: this.clock.now() });
  }

  /** The standing of a pipeline goal; null for goals that are not pipelines. */
  async progress(
    user: UserEntity,
    goal: GoalEntity,
    loaders: Pick<Loaders, 'milestones'> & { features: Pick<Loaders['features'], 'pipelines'> },
  ): Promise<PipelineView | null> {
    const found = await loaders.features.pipelines.load(goal.id);
    if (!found) return null;
    return pipelineView(goal, found.pipeline, found.venue, await loaders.milestones.load(goal.id), this.goals.today(user));
  }

  /**
   * For the year in review: every pipeline of the user's, in goal order, with its stages completed in `year` and
   * the stage that was next at `through` (31 December, or today while the year is under way). At most four
   * statements whatever the number of pipelines.
   */
  async yearInReview(userId: number, year: number, through = `${year}-12-31`): Promise<PipelineYear[]> {
    const { pipelines, goals, venues, milestones } = await this.db.read(async (em) => {
      const rows = await em.find(PipelineEntity, { where: { userId } });
      const goalIds = rows.map((p) => p.goalId);
      const venueIds = rows.flatMap((p) => (p.venueId === null ? [] : [p.venueId]));
      return {
        pipelines: rows,
        goals: goalIds.length === 0 ? [] : await em.find(GoalEntity, { where: { userId, id: In(goalIds) }, order: { id: 'ASC' } }),
        venues: venueIds.length === 0 ? [] : await em.find(VenueEntity, { where: { userId, id: In(venueIds) } }),
        milestones:
          goalIds.length === 0
            ? []
            : await em.find(MilestoneEntity, { where: { userId, goalId: In(goalIds) }, order: { position: 'ASC', id: 'ASC' } }),
      };
    });
    return goals.map((goal) => {
      const { pipeline, venue } = pipelineOf(pipelines, venues, goal.id)!;
      const own = milestones.filter((m) => m.goalId === goal.id);
      // Completed stages are measured against their completion day, so "today" matters only for the next stage;
      // stages completed after `through` were still open then.
      const view = pipelineView(goal, pipeline, venue, own, through);
      const openAtThrough = own.map((m) => ({
        position: m.position,
        achievedOn: m.achievedOn !== null && m.achievedOn <= through ? m.achievedOn : null,
      }));
      const next = currentStageIndex(openAtThrough);
      const stagesCompleted = view.stages
        .filter((s) => s.milestone.achievedOn !== null && s.milestone.achievedOn.startsWith(`${year}-`))
        .sort((a, b) =>
          a.milestone.achievedOn! < b.milestone.achievedOn!
            ? -1
            : a.milestone.achievedOn! > b.milestone.achievedOn!
              ? 1
              : a.milestone.position - b.milestone.position,
        );
      const nextStage =
        next === null
          ? null
          : { ...stageStatuses([openAtThrough[next]], [view.stages[next].plannedDate], through)[0], milestone: own[next] };
      return { goalId: goal.id, goalTitle: goal.title, venue, deadline: view.deadline, stagesCompleted, nextStage };
    });
  }

  /** For the year in review: stages of the user's pipelines completed in `year`, by date, each against its plan. */
  async stagesCompletedIn(userId: number, year: number): Promise<StageCompleted[]> {
    const done = (await this.yearInReview(userId, year)).flatMap((p) =>
      p.stagesCompleted.map((s) => ({
        goalId: p.goalId,
        goalTitle: p.goalTitle,
        stage: s.milestone.title,
        position: s.milestone.position,
        achievedOn: s.milestone.achievedOn!,
        plannedDate: s.plannedDate,
        late: s.late,
        daysLate: s.daysLate,
      })),
    );
    return done.sort((a, b) =>
      a.achievedOn < b.achievedOn ? -1 : a.achievedOn > b.achievedOn ? 1 : a.goalId - b.goalId || a.position - b.position,
    );
  }
}

/** A pipeline's plan, stage statuses and next deadline on `today` (see src/domain/pipeline.ts). */
function pipelineView(
  goal: GoalEntity,
  pipeline: PipelineEntity,
  venue: VenueEntity | null,
  milestones: MilestoneEntity[],
  today: string,
): PipelineView {
  const deadline = venue?.deadline ?? goal.dueDate;
  const submissionStage = Math.max(1, Math.min(milestones.length, pipeline.submissionStage ?? milestones.length));
  const planned = planStageDates({
    startDate: goal.startDate,
    deadline,
    endDate: venue ? (venue.cameraReadyDeadline ?? venue.conferenceStart) : null,
    stageCount: milestones.length,
    submissionStage,
  });
  const statuses = stageStatuses(milestones, planned, today);
  const dated = (kind: DeadlineKind, date: string | null | undefined): Deadline<DeadlineKind> | null =>
    date ? { label: kind, date } : null;
  return {
    venue,
    deadline,
    nextDeadline: nextDeadline(
      [dated('SUBMISSION', venue?.deadline), dated('CAMERA_READY', venue?.cameraReadyDeadline), dated('GOAL_DUE', goal.dueDate)],
      today,
    ),
    submissionStage,
    stages: milestones.map((milestone, i) => ({ ...statuses[i], milestone })),
    current: currentStageIndex(milestones),
  };
}
