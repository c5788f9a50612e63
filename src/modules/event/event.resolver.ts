import { Arg, Ctx, FieldResolver, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import { EventType } from '../webhook/webhook.type';
import type { EventEntity } from './event.entity';
import { EventObject, toEventObject } from './event.type';

@Resolver(() => EventObject)
export class EventResolver {
  @Subscription(() => EventObject, {
    description:
      "The viewer's events as they commit, on whichever server made the change: in order, each once, over WebSocket (graphql-ws).",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { types?: EventType[] | null }, RequestContext>) =>
      context.services.eventFeed.subscribe(context.viewer.user.id, args.types ?? null),
  })
  events(
    @Root() event: EventEntity,
    @Ctx() ctx: RequestContext,
    @Arg('types', () => [EventType], { nullable: true, description: 'Only events of these types; all when omitted.' })
    _types?: EventType[] | null,
  ): EventObject {
    // Each event is answered with fresh loaders: the goal has changed since the last one.
    ctx.loaders = ctx.loaders.fresh();
    return toEventObject(event);
  }

  @FieldResolver(() => GoalObject, {
    nullable: true,
    description: 'The goal the event is about, as it is now (streak, score, progress included); null when none or deleted since.',
  })
  async goal(@Root() event: EventObject, @Ctx() ctx: RequestContext): Promise<GoalObject | null> {
    if (event.entity.goalId === null) return null;
    const goal = await ctx.loaders.goal.load(event.entity.goalId);
    return goal ? toGoalObject(goal) : null;
  }
}
