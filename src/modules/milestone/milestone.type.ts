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

  @Field(() => GoalObject, { description: 'Its goal, ACTIVE again if it was an ACHIEVED MILESTONES goal.' })
  goal!: GoalObject;
}

@InputType({ description: 'Changes to a milestone. Omitted fields stay as they are.' })
export class UpdateMilestoneInput {
  @Field(() => ID, { description: 'The milestone.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New title, 1–200 characters.' })
  title?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "New due date, on or after the goal's startDate; null clears it." })
  dueDate?: string | null;

  @Field(() => String, { nullable: true, description: 'New link to proof (http or https); null clears it.' })
  evidenceUrl?: string | null;
}

@ObjectType({ description: 'The result of updateMilestone.' })
export class UpdateMilestonePayload {
  @Field(() => MilestoneObject, { description: 'The milestone as it is now.' })
  milestone!: MilestoneObject;

  @Field(() => GoalObject, { description: 'Its goal.' })
  goal!: GoalObject;
}

@InputType({ description: 'The milestone to delete.' })
export class DeleteMilestoneInput {
  @Field(() => ID, { description: 'The milestone.' })
  id!: string;
}

@ObjectType({ description: 'The result of deleteMilestone.' })
export class DeleteMilestonePayload {
  @Field(() => ID, { description: 'ID of the deleted milestone.' })
  deletedId!: string;

  @Field(() => GoalObject, { description: 'Its goal, ACHIEVED when every milestone left is reached.' })
  goal!: GoalObject;
}

@InputType({ description: 'The reached milestone to open again.' })
export class ReopenMilestoneInput {
  @Field(() => ID, { description: 'The milestone.' })
  id!: string;
}

@ObjectType({ description: 'The result of reopenMilestone.' })
export class ReopenMilestonePayload {
  @Field(() => MilestoneObject, { description: 'The milestone, open again.' })
  milestone!: MilestoneObject;

  @Field(() => GoalObject, { description: 'Its goal, ACTIVE again if it was an ACHIEVED MILESTONES goal.' })
  goal!: GoalObject;
}

@ObjectType({ description: 'The result of completeMilestone.' })
export class CompleteMilestonePayload {
  @Field(() => MilestoneObject, { description: 'The milestone, now reached.' })
  milestone!: MilestoneObject;

  @Field(() => GoalObject, { description: 'Its goal, ACHIEVED when this was its last open milestone.' })
  goal!: GoalObject;
}
