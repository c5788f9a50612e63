import { printSchema, lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker, type PubSub } from 'type-graphql';
import { putMutationsUnderWriteDeadline } from './write-deadline';
import { AppError, ErrorCode } from '../errors';
import { GoalAnalyticsResolver } from '../modules/analytics/goal-analytics.resolver';
import { TodayResolver } from '../modules/analytics/today.resolver';
import { PauseResolver } from '../modules/pause/pause.resolver';
import { GoalResolver } from '../modules/goal/goal.resolver';
import { GoalTagsResolver } from '../modules/goal/goal-tags.resolver';
import { LogResolver } from '../modules/log/log.resolver';
import { CalendarResolver } from '../modules/log/calendar.resolver';
import { MilestoneResolver } from '../modules/milestone/milestone.resolver';
import { UserResolver } from '../modules/user/user.resolver';
import { ReviewResolver } from '../modules/review/review.resolver';
import type { Scope } from '../modules/user/token.service';
import { KaggleProgressResolver, KaggleResolver } from '../modules/kaggle/kaggle.resolver';
import { WorkoutResolver } from '../modules/workout/workout.resolver';
import { SkillResolver } from '../modules/workout/skill.resolver';
import { PipelineResolver } from '../modules/pipeline/pipeline.resolver';
import { LogRatingResolver, ReflectionResolver } from '../modules/reflection/reflection.resolver';
import { TemplateResolver } from '../modules/template/template.resolver';
import type { RequestContext } from './context';
import { errorCodesDescription } from './error-codes';
import { NodeResolver } from './node.resolver';
import { EventResolver } from '../modules/event/event.resolver';
import { GoalRemindersResolver, ReminderGoalResolver, ReminderResolver } from '../modules/reminder/reminder.resolver';
import { ViewerWebhooksResolver, WebhookDeliveriesResolver, WebhookResolver } from '../modules/webhook/webhook.resolver';

/** `@Authorized('write')` on a mutation: the request's token must carry every named scope. */
const authChecker: AuthChecker<RequestContext, Scope> = ({ context }, scopes) => {
  const missing = scopes.filter((s) => !context.viewer.scopes.has(s));
  if (missing.length > 0) {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      `This token lacks the ${missing.join(', ')} scope; create a token with write access to make changes`,
    );
  }
  return true;
};

export const RESOLVERS = [
  NodeResolver,
  UserResolver,
  GoalResolver,
  GoalTagsResolver,
  GoalAnalyticsResolver,
  TodayResolver,
  LogResolver,
  CalendarResolver,
  MilestoneResolver,
  PauseResolver,
  ReviewResolver,
  KaggleResolver,
  KaggleProgressResolver,
  WorkoutResolver,
  SkillResolver,
  PipelineResolver,
  ReflectionResolver,
  LogRatingResolver,
  TemplateResolver,
  WebhookResolver,
  ViewerWebhooksResolver,
  WebhookDeliveriesResolver,
  EventResolver,
  ReminderResolver,
  GoalRemindersResolver,
  ReminderGoalResolver,
] as const;

/** Subscriptions read the outbox through their own `subscribe`; nothing publishes through type-graphql's PubSub. */
const NO_PUBSUB: PubSub = {
  publish() {
    throw new Error('hoego publishes no events through PubSub; subscriptions read the outbox');
  },
  subscribe() {
    throw new Error('hoego publishes no events through PubSub; subscriptions read the outbox');
  },
};

/** Builds the executable schema from the resolver classes. */
export async function buildHoegoSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...RESOLVERS],
    authChecker,
    // Inputs are checked by the services, which name the field and what they expected; no decorator validation.
    validate: false,
    emitSchemaFile: false,
    pubSub: NO_PUBSUB,
  });
  // type-graphql has no option for the root types' descriptions.
  schema.getQueryType()!.description = "Reads of the viewer's data. Every request needs a bearer token.";
  schema.getMutationType()!.description = "Changes to the viewer's data. Every mutation needs a token with the WRITE scope.";
  schema.getSubscriptionType()!.description =
    'Live events of the viewer over WebSocket (graphql-ws protocol, same /graphql path), with the token in connection_init.';
  schema.description = errorCodesDescription();
  putMutationsUnderWriteDeadline(schema);
  return schema;
}

/** The schema as committed in schema/schema.graphql: sorted, so the file only changes when the schema does. */
export function printHoegoSchema(schema: GraphQLSchema): string {
  return `# hoego GraphQL schema. Emitted from the code by \`npm run schema:emit\`; do not edit by hand.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
