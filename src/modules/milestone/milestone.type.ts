import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node';
import { toGlobalId } from '../../graphql/relay';
import { LocalDateScalar } from '../../graphql/scalars';
import { GoalObject } from '../goal/goal.type';
import type { MilestoneEntity } from './milestone.entity';
import { REQUEST_ID_DESCRIPTION } from '../../graphql/request-id';

@ObjectType('Milestone', { implements: Node, description: 'An ordered stage of a goal, e.g. "draft" of a paper.' })
export class MilestoneObject implements Node {
  readonly __typename = 'Milestone';
  entity!: MilestoneEntity;

  @Field(() => ID, { description: 'Global ID of the milestone.' })
  id!: string;

  @Field(() => String, { description: 'What the stage is.' })
  title!: string;

  @Field(() => Int, { description: 'Order within the goal, from 1.' })
  position!: number;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day it should be reached by, if any.' })
  dueDate!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day it was reached; null while open.' })
  achievedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Link to proof: a submission, a leaderboard, a video.' })
  evidenceUrl!: string | null;
}

export function toMilestoneObject(m: MilestoneEntity): MilestoneObject {
  return Object.assign(new MilestoneObject(), {
    entity: m,
    id: toGlobalId('Milestone', m.id),
    title: m.title,
    position: m.position,
    dueDate: m.dueDate,
    achievedOn: m.achievedOn,
    evidenceUrl: m.evidenceUrl,
  });
}

@InputType({ description: "A new milestone, appended after the goal's last one." })
export class AddMilestoneInput {
  @Field(() => ID, { description: 'The goal it belongs to.' })
  goalId!: string;

  @Field(() => String, { description: 'What the stage is, 1–200 characters.' })
  title!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day it should be reached by.' })
  dueDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Link to proof (http or https).' })
  evidenceUrl?: string | null;

  @Field(() => String, { nullable: true, description: REQUEST_ID_DESCRIPTION })
  requestId?: string | null;
}

@InputType({ description: 'Marks a milestone reached.' })
export class CompleteMilestoneInput {
  @Field(() => ID, { description: 'The milestone.' })
  id!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day it was reached; default today. Not after today.' })
  achievedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Link to proof (http or https).' })
  evidenceUrl?: string | null;
}

@ObjectType({ description: 'The result of addMilestone.' })
export class AddMilestonePayload {
  @Field(() => MilestoneObject, { description: 'The new milestone.' })
  milestone!: MilestoneObject;
}

@ObjectType({ description: 'The result of completeMilestone.' })
export class CompleteMilestonePayload {
  @Field(() => MilestoneObject, { description: 'The milestone, now reached.' })
  milestone!: MilestoneObject;

  @Field(() => GoalObject, { description: 'Its goal, ACHIEVED when this was its last open milestone.' })
  goal!: GoalObject;
}
