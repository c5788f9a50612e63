import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { Node } from '../../graphql/node';
import { toGlobalId } from '../../graphql/relay';
import type { ApiTokenEntity } from './api-token.entity';
import type { Scope } from './token.service';
import type { UserEntity } from './user.entity';

@ObjectType('User', { implements: Node, description: 'A person who keeps goals in hoego.' })
export class UserObject implements Node {
  readonly __typename = 'User';

  @Field(() => ID, { description: 'Global ID of the user.' })
  id!: string;

  @Field(() => String, { description: 'Unique login name, lower case.' })
  handle!: string;

  @Field(() => String, { description: 'Name shown to people.' })
  displayName!: string;

  @Field(() => String, { description: 'IANA time zone that decides which calendar day a log belongs to, e.g. Asia/Seoul.' })
  timeZone!: string;

  @Field(() => String, { description: 'Local time "HH:MM" at which the user\'s day begins; logs before it count for the previous day.' })
  dayStartsAt!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Local time "HH:MM" of the daily check, which sends STREAK_AT_RISK and HABIT_DUE events for the goals in that state then; null: off. Default 20:00.',
  })
  dailyCheckAt!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the account was created.' })
  createdAt!: Date;
}

export function toUserObject(user: UserEntity): UserObject {
  return Object.assign(new UserObject(), {
    id: toGlobalId('User', user.id),
    handle: user.handle,
    displayName: user.displayName,
    timeZone: user.timeZone,
    dayStartsAt: user.dayStartsAt,
    dailyCheckAt: user.dailyCheckAt,
    createdAt: user.createdAt,
  });
}

/** What a token may do. Stored as the lower-case values, as tokens always have been. */
export enum ApiScope {
  READ = 'read',
  WRITE = 'write',
}
registerEnumType(ApiScope, {
  name: 'ApiScope',
  description: 'What a token may do.',
  valuesConfig: { READ: { description: 'Run queries.' }, WRITE: { description: 'Run mutations too (implies READ).' } },
});

@ObjectType('ApiToken', { implements: Node, description: 'A personal access token. The secret itself is shown only once, when created.' })
export class ApiTokenObject implements Node {
  readonly __typename = 'ApiToken';

  @Field(() => ID, { description: 'Global ID of the token.' })
  id!: string;

  @Field(() => String, { description: 'Name given to the token, e.g. "phone" or "training script".' })
  name!: string;

  @Field(() => String, { description: 'The first characters of the secret, to tell tokens apart.' })
  prefix!: string;

  @Field(() => [ApiScope], { description: 'What the token may do: READ, and WRITE for changes.' })
  scopes!: ApiScope[];

  @Field(() => DateTimeScalar, { description: 'When the token was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the token was last used, to the minute; null if never.' })
  lastUsedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the token was revoked; null while it is valid.' })
  revokedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the token stops working; null: never.' })
  expiresAt!: Date | null;
}

export function toApiTokenObject(token: ApiTokenEntity): ApiTokenObject {
  return Object.assign(new ApiTokenObject(), {
    id: toGlobalId('ApiToken', token.id),
    name: token.name,
    prefix: token.tokenPrefix,
    scopes: token.scopes.split(',').map(toApiScope),
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
    revokedAt: token.revokedAt,
    expiresAt: token.expiresAt,
  });
}

const API_SCOPES: Record<Scope, ApiScope> = { read: ApiScope.READ, write: ApiScope.WRITE };

function toApiScope(stored: string): ApiScope {
  const scope = API_SCOPES[stored as Scope] as ApiScope | undefined;
  if (!scope) throw new Error(`Unknown stored token scope ${JSON.stringify(stored)}`);
  return scope;
}
