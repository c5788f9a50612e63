import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { toGoalObject } from '../modules/goal/goal.type';
import { toLogObject } from '../modules/log/log.type';
import { toPauseObject } from '../modules/pause/pause.type';
import { toMilestoneObject } from '../modules/milestone/milestone.type';
import { toApiTokenObject, toUserObject } from '../modules/user/user.type';
import { toKaggleResultObject } from '../modules/kaggle/kaggle.type';
import { toWorkoutObject } from '../modules/workout/workout.type';
import { toLadderLevelObject } from '../modules/workout/skill.type';
import { toVenueObject } from '../modules/pipeline/venue.type';
import { toDeliveryObject, toWebhookObject } from '../modules/webhook/webhook.type';
import { toReminderObject } from '../modules/reminder/reminder.type';
import type { RequestContext } from './context';
import { Node } from './node';
import { fromGlobalId } from './relay';

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: "Fetches any object by global ID. Null when it does not exist or is not the viewer's: the two look the same.",
  })
  async node(@Arg('id', () => ID, { description: 'A global ID.' }) id: string, @Ctx() ctx: RequestContext): Promise<Node | null> {
    const parsed = fromGlobalId(id);
    if (!parsed) return null;
    const userId = ctx.viewer.user.id;
    const s = ctx.services;
    switch (parsed.type) {
      case 'User':
        return parsed.id === userId ? toUserObject(ctx.viewer.user) : null;
      case 'Goal': {
        const goal = await ctx.loaders.goal.load(parsed.id);
        return goal && toGoalObject(goal);
      }
      case 'ProgressLog': {
        const log = await s.logs.find(userId, parsed.id);
        return log && toLogObject(log);
      }
      case 'Milestone': {
        const milestone = await s.milestones.find(userId, parsed.id);
        return milestone && toMilestoneObject(milestone);
      }
      case 'Pause': {
        const pause = await s.pauses.find(userId, parsed.id);
        return pause && toPauseObject(pause);
      }
      case 'ApiToken': {
        const token = (await s.tokens.list(userId)).find((t) => t.id === parsed.id);
        return token ? toApiTokenObject(token) : null;
      }
      case 'KaggleResult': {
        const result = await s.kaggle.find(userId, parsed.id);
        return result && toKaggleResultObject(result);
      }
      case 'Workout': {
        const workout = await s.workouts.find(userId, parsed.id);
        return workout && toWorkoutObject(workout);
      }
      case 'LadderLevel': {
        const level = await s.skills.findLevel(ctx.viewer.user, parsed.id);
        return level && toLadderLevelObject(level.entity, level.reachedOn);
      }
      case 'Venue': {
        const venue = await s.venues.find(userId, parsed.id);
        return venue && toVenueObject(venue);
      }
      case 'Webhook': {
        const webhook = await s.webhooks.find(userId, parsed.id);
        return webhook && toWebhookObject(webhook);
      }
      case 'WebhookDelivery': {
        const delivery = await s.webhooks.findDelivery(userId, parsed.id);
        return delivery && toDeliveryObject(delivery);
      }
      case 'Reminder': {
        const reminder = await s.reminders.find(userId, parsed.id);
        return reminder && toReminderObject(reminder);
      }
    }
  }
}
