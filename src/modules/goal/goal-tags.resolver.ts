import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { fromGlobalId } from '../../graphql/relay';
import { UserObject } from '../user/user.type';

@ObjectType('Tag', { description: "A tag in use on the viewer's goals." })
export class TagObject {
  @Field(() => String, { description: 'The tag.' })
  name!: string;

  @Field(() => Int, { description: 'How many of the viewer’s goals carry it, whatever their status.' })
  goalCount!: number;
}

@Resolver(() => UserObject)
export class GoalTagsResolver {
  @FieldResolver(() => [TagObject], {
    description: "Every tag on the user's goals with its number of goals, by name; empty for anyone but the viewer.",
  })
  async tags(@Root() user: UserObject, @Ctx() ctx: RequestContext): Promise<TagObject[]> {
    if (fromGlobalId(user.id)?.id !== ctx.viewer.user.id) return [];
    return (await ctx.services.goals.tagCounts(ctx.viewer.user.id)).map((t) => Object.assign(new TagObject(), t));
  }
}
