import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars';
import { GoalObject } from '../goal/goal.type';
import { MilestoneObject, toMilestoneObject } from '../milestone/milestone.type';
import type { StageView } from './pipeline.service';
import { VenueObject } from './venue.type';

export enum DeadlineKindEnum {
  SUBMISSION = 'SUBMISSION',
  CAMERA_READY = 'CAMERA_READY',
  GOAL_DUE = 'GOAL_DUE',
}
registerEnumType(DeadlineKindEnum, {
  name: 'DeadlineKind',
  description: 'Which deadline of a pipeline a date is.',
  valuesConfig: {
    SUBMISSION: { description: "The venue's submission deadline." },
    CAMERA_READY: { description: "The venue's camera-ready deadline." },
    GOAL_DUE: { description: "The goal's own due date." },
  },
});

@ObjectType('NextDeadline', { description: 'The earliest deadline of a pipeline not yet passed.' })
export class NextDeadlineObject {
  @Field(() => DeadlineKindEnum, { description: 'Which deadline it is.' })
  kind!: DeadlineKindEnum;

  @Field(() => LocalDateScalar, { description: 'Its day.' })
  date!: string;

  @Field(() => Int, { description: 'Whole days from today until it; 0 on the day itself.' })
  daysLeft!: number;
}

@ObjectType('PipelineStage', { description: 'One stage (milestone) of a pipeline against its plan.' })
export class PipelineStageObject {
  @Field(() => MilestoneObject, { description: 'The milestone.' })
  milestone!: MilestoneObject;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Planned day; null when the pipeline has no deadline to plan toward.' })
  plannedDate!: string | null;

  @Field(() => Boolean, { description: 'Open: today is after the planned day. Done: it was completed after the planned day.' })
  late!: boolean;

  @Field(() => Int, { description: 'Days past the planned day (0 when on time).' })
  daysLate!: number;
}

/** The GraphQL shape of a stage and its plan. */
export function toPipelineStageObject(s: StageView): PipelineStageObject {
  return Object.assign(new PipelineStageObject(), {
    milestone: toMilestoneObject(s.milestone),
    plannedDate: s.plannedDate,
    late: s.late,
    daysLate: s.daysLate,
  });
}

/**
 * The fields PipelineProgress and PipelineYear share word for word: what the plan aims at. Not a schema type of
 * its own.
 */
@ObjectType()
export abstract class PipelineAimFields {
  @Field(() => VenueObject, { nullable: true, description: 'The venue aimed at; null when none is set.' })
  venue!: VenueObject | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: "The deadline the plan aims at: the venue's submission deadline, else the goal's due date.",
  })
  deadline!: string | null;
}

@ObjectType('PipelineProgress', {
  description:
    "A paper or project pipeline: stages up to the submission stage are spread evenly from the goal's start to the submission deadline " +
    '(the submission stage falls on it); later stages are spread from the deadline to the camera-ready deadline (or conference start).',
})
export class PipelineProgressObject extends PipelineAimFields {
  @Field(() => NextDeadlineObject, { nullable: true, description: 'The next deadline not yet passed; null when all have.' })
  nextDeadline!: NextDeadlineObject | null;

  @Field(() => Int, { description: 'Position of the stage due on the submission deadline.' })
  submissionStage!: number;

  @Field(() => PipelineStageObject, { nullable: true, description: 'The current stage: the first open milestone; null when all are done.' })
  currentStage!: PipelineStageObject | null;

  @Field(() => [PipelineStageObject], { description: 'Every stage in order, with its planned day.' })
  stages!: PipelineStageObject[];
}

@InputType({ description: 'Aims a MILESTONES goal at a venue, making it a pipeline.' })
export class SetGoalVenueInput {
  @Field(() => ID, { description: "A MILESTONES goal of the viewer's." })
  goalId!: string;

  @Field(() => ID, { nullable: true, description: "The venue; null removes it (the plan then aims at the goal's due date)." })
  venueId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Position of the stage due on the submission deadline (1–100); default the last stage, or as before.',
  })
  submissionStage?: number | null;
}

@ObjectType({ description: 'The result of setGoalVenue.' })
export class SetGoalVenuePayload {
  @Field(() => GoalObject, { description: 'The pipeline goal.' })
  goal!: GoalObject;
}
