import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { LIST_SIZE_DESCRIPTION, listSize, parseIdOf } from '../../graphql/relay';
import { DateTimeScalar } from '../../graphql/scalars';
import { ApiScope, ApiTokenObject, UserObject, toApiTokenObject, toUserObject } from './user.type';

@InputType({ description: "Changes to the viewer's profile. A new time zone or day start applies to new logs; old logs keep their days." })
class UpdateViewerInput {
  @Field(() => String, { nullable: true, description: 'New display name.' })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'New IANA time zone, e.g. Europe/Berlin.' })
  timeZone?: string | null;

  @Field(() => String, { nullable: true, description: 'New day start, "HH:MM".' })
  dayStartsAt?: string | null;

  @Field(() => String, { nullable: true, description: 'New time of the daily check, "HH:MM"; "" switches it off.' })
  dailyCheckAt?: string | null;
}

@ObjectType({ description: 'The result of updateViewer.' })
class UpdateViewerPayload {
  @Field(() => UserObject, { description: 'The viewer as now stored.' })
  viewer!: UserObject;
}

@InputType({ description: 'A new personal access token for the viewer.' })
class CreateApiTokenInput {
  @Field(() => String, { description: 'Name to recognise it by, 1–100 characters.' })
  name!: string;

  @Field(() => [ApiScope], { nullable: true, description: 'What it may do; default [READ]. WRITE implies READ.' })
  scopes?: ApiScope[] | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it stops working: after now and at most 3660 days ahead; null or omitted: never.',
  })
  expiresAt?: Date | null;
}

@ObjectType({ description: 'The result of createApiToken.' })
class CreateApiTokenPayload {
  @Field(() => String, { description: 'The secret, to send as "Authorization: Bearer <token>". Shown only this once.' })
  token!: string;

  @Field(() => ApiTokenObject, { description: "The token's record." })
  apiToken!: ApiTokenObject;
}

@InputType({ description: 'The token to revoke.' })
class RevokeApiTokenInput {
  @Field(() => ID, { description: "Global ID of one of the viewer's tokens." })
  id!: string;
}

@ObjectType({ description: 'The result of revokeApiToken.' })
class RevokeApiTokenPayload {
  @Field(() => ApiTokenObject, { description: 'The token, now revoked.' })
  apiToken!: ApiTokenObject;
}

@InputType({ description: "Confirms deleting the viewer's account: everything they own goes, and cannot be brought back." })
class DeleteAccountInput {
  @Field(() => String, { description: "The viewer's handle, typed again as confirmation." })
  handle!: string;
}

@ObjectType({ description: 'The result of deleteAccount.' })
class DeleteAccountPayload {
  @Field(() => String, { description: 'The handle of the account deleted.' })
  deletedHandle!: string;
}

@Resolver(() => UserObject)
export class UserResolver {
  @Query(() => UserObject, { description: "The user the request's token belongs to." })
  viewer(@Ctx() ctx: RequestContext): UserObject {
    return toUserObject(ctx.viewer.user);
  }

  @FieldResolver(() => [ApiTokenObject], {
    description: "The viewer's tokens, revoked and expired ones included, oldest first: the `first` most recently created.",
  })
  async apiTokens(
    @Arg('first', () => Int, { nullable: true, description: LIST_SIZE_DESCRIPTION }) first: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ApiTokenObject[]> {
    return (await ctx.services.tokens.list(ctx.viewer.user.id, listSize(first))).map(toApiTokenObject);
  }

  @Authorized('write')
  @Mutation(() => UpdateViewerPayload, { description: "Changes the viewer's name, time zone, day start or daily check time." })
  async updateViewer(
    @Arg('input', () => UpdateViewerInput, { description: "The mutation's input." }) input: UpdateViewerInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateViewerPayload> {
    const user = await ctx.services.users.update(ctx.viewer.user.id, {
      displayName: input.displayName ?? undefined,
      timeZone: input.timeZone ?? undefined,
      dayStartsAt: input.dayStartsAt ?? undefined,
      dailyCheckAt: input.dailyCheckAt ?? undefined,
    });
    return { viewer: toUserObject(user) };
  }

  @Authorized('write')
  @Mutation(() => CreateApiTokenPayload, { description: 'Creates a personal access token for the viewer.' })
  async createApiToken(
    @Arg('input', () => CreateApiTokenInput, { description: "The mutation's input." }) input: CreateApiTokenInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateApiTokenPayload> {
    const { secret, token } = await ctx.services.tokens.create(
      ctx.viewer.user.id,
      input.name,
      input.scopes ?? [ApiScope.READ],
      input.expiresAt ?? null,
    );
    return { token: secret, apiToken: toApiTokenObject(token) };
  }

  @Authorized('write')
  @Mutation(() => RevokeApiTokenPayload, { description: "Revokes one of the viewer's tokens; requests with it fail from then on." })
  async revokeApiToken(
    @Arg('input', () => RevokeApiTokenInput, { description: "The mutation's input." }) input: RevokeApiTokenInput,
    @Ctx() ctx: RequestContext,
  ): Promise<RevokeApiTokenPayload> {
    const token = await ctx.services.tokens.revoke(ctx.viewer.user.id, parseIdOf('ApiToken', input.id, 'id'));
    return { apiToken: toApiTokenObject(token) };
  }

  @Authorized('write')
  @Mutation(() => DeleteAccountPayload, {
    description:
      "Deletes the viewer's account and everything it owns (goals, logs, milestones, pauses, workouts, Kaggle results, venues), revokes every token and report link. Export first: GET /export.json.",
  })
  async deleteAccount(
    @Arg('input', () => DeleteAccountInput, { description: "The mutation's input." }) input: DeleteAccountInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteAccountPayload> {
    const { handle } = await ctx.services.accounts.delete(ctx.viewer.user.id, input.handle);
    return { deletedHandle: handle };
  }
}
