import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf } from '../../graphql/relay';
import { GoalObject, isoWeekdays, toGoalObject } from '../goal/goal.type';
import {
  DeleteReminderInput,
  DeleteReminderPayload,
  ReminderObject,
  SetReminderInput,
  SetReminderPayload,
  toReminderObject,
} from './reminder.type';

@Resolver()
export class ReminderResolver {
  @Authorized('write')
  @Mutation(() => SetReminderPayload, {
    description: 'Adds a reminder to one of the viewer’s goals (at most 10 per goal). Safe to retry with a requestId.',
  })
  async setReminder(
    @Arg('input', () => SetReminderInput, { description: "The mutation's input." }) input: SetReminderInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetReminderPayload> {
    const { reminder, goal } = await ctx.services.reminders.set(ctx.viewer.user.id, {
      goalId: parseIdOf('Goal', input.goalId, 'goalId'),
      at: input.at,
      weekdays: isoWeekdays(input.weekdays),
      when: input.when,
      requestId: input.requestId,
    });
    return { reminder: toReminderObject(reminder), goal: toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => DeleteReminderPayload, { description: 'Deletes one of the viewer’s reminders.' })
  async deleteReminder(
    @Arg('input', () => DeleteReminderInput, { description: "The mutation's input." }) input: DeleteReminderInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteReminderPayload> {
    const goal = await ctx.services.reminders.delete(ctx.viewer.user.id, parseIdOf('Reminder', input.id, 'id'));
    return { deletedId: input.id, goal: toGoalObject(goal) };
  }
}

@Resolver(() => GoalObject)
export class GoalRemindersResolver {
  @FieldResolver(() => [ReminderObject], { description: "The goal's reminders, oldest first." })
  async reminders(@Root() goal: GoalObject, @Ctx() ctx: RequestContext): Promise<ReminderObject[]> {
    return (await ctx.loaders.reminders.load(goal.entity.id)).map(toReminderObject);
  }
}

@Resolver(() => ReminderObject)
export class ReminderGoalResolver {
  @FieldResolver(() => GoalObject, { description: 'The goal it reminds of.' })
  async goal(@Root() reminder: ReminderObject, @Ctx() ctx: RequestContext): Promise<GoalObject> {
    const goal = await ctx.loaders.goal.load(reminder.entity.goalId);
    if (!goal) throw new Error(`reminder ${reminder.id} has no goal`);
    return toGoalObject(goal);
  }
}
