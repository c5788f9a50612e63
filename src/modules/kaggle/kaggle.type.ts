import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { describeMissing, missingMedalCounts, type KaggleStanding, type MissingMedals } from '../../domain/kaggle';
import { Node } from '../../graphql/node';
import { toGlobalId } from '../../graphql/relay';
import { LocalDateScalar } from '../../graphql/scalars';
import type { KaggleResultEntity } from './kaggle-result.entity';

export enum KaggleCompetitionKindEnum {
  FEATURED = 'FEATURED',
  RESEARCH = 'RESEARCH',
  PLAYGROUND = 'PLAYGROUND',
  COMMUNITY = 'COMMUNITY',
  GETTING_STARTED = 'GETTING_STARTED',
}
registerEnumType(KaggleCompetitionKindEnum, {
  name: 'KaggleCompetitionKind',
  description: 'The kind of a Kaggle competition, which decides whether it awards medals.',
  valuesConfig: {
    FEATURED: { description: 'Featured: awards medals.' },
    RESEARCH: { description: 'Research: awards medals.' },
    PLAYGROUND: { description: 'Playground: awards no medals.' },
    COMMUNITY: { description: 'Community (InClass): awards no medals.' },
    GETTING_STARTED: { description: 'Getting Started: awards no medals.' },
  },
});

export enum MedalEnum {
  GOLD = 'GOLD',
  SILVER = 'SILVER',
  BRONZE = 'BRONZE',
  NONE = 'NONE',
}
registerEnumType(MedalEnum, {
  name: 'Medal',
  description: 'A Kaggle competition medal.',
  valuesConfig: {
    GOLD: { description: 'Gold medal.' },
    SILVER: { description: 'Silver medal.' },
    BRONZE: { description: 'Bronze medal.' },
    NONE: { description: 'No medal.' },
  },
});

export enum KaggleTierEnum {
  NOVICE = 'NOVICE',
  CONTRIBUTOR = 'CONTRIBUTOR',
  EXPERT = 'EXPERT',
  MASTER = 'MASTER',
  GRANDMASTER = 'GRANDMASTER',
}
registerEnumType(KaggleTierEnum, {
  name: 'KaggleTier',
  description: 'Kaggle Competitions performance tier (https://www.kaggle.com/progression).',
  valuesConfig: {
    NOVICE: { description: 'No competition result logged yet.' },
    CONTRIBUTOR: { description: 'At least one result, fewer than two medals.' },
    EXPERT: { description: 'Two bronze-or-better medals.' },
    MASTER: { description: 'One gold and two more silver-or-better medals (extra golds count as silvers).' },
    GRANDMASTER: { description: 'Five golds, at least one of them won solo.' },
  },
});

@ObjectType('KaggleResult', { implements: Node, description: 'One Kaggle competition result of a Kaggle goal.' })
export class KaggleResultObject implements Node {
  readonly __typename = 'KaggleResult';
  entity!: KaggleResultEntity;

  @Field(() => ID, { description: 'Global ID of the result.' })
  id!: string;

  @Field(() => String, { description: 'Competition name, e.g. "Cornell Birdcall Identification".' })
  competition!: string;

  @Field(() => KaggleCompetitionKindEnum, { description: 'Kind of competition.' })
  kind!: KaggleCompetitionKindEnum;

  @Field(() => Int, { nullable: true, description: 'Teams on the final private leaderboard, when given.' })
  teams!: number | null;

  @Field(() => Int, { nullable: true, description: 'Final private leaderboard rank, when given.' })
  rank!: number | null;

  @Field(() => Int, { description: 'People in the team (1 = solo).' })
  teamSize!: number;

  @Field(() => LocalDateScalar, { description: 'Day the final leaderboard was published.' })
  date!: string;

  @Field(() => MedalEnum, { description: 'The medal won.' })
  medal!: MedalEnum;

  @Field(() => Boolean, { description: 'True when the medal was derived from teams and rank; false when it was given outright.' })
  medalDerived!: boolean;

  @Field(() => String, { nullable: true, description: 'Link to the leaderboard or the write-up.' })
  url!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'ID of the progress log this result wrote; null for results dated before the goal started.',
  })
  logId!: string | null;
}

/** The GraphQL shape of a stored result. */
export function toKaggleResultObject(r: KaggleResultEntity): KaggleResultObject {
  return Object.assign(new KaggleResultObject(), {
    entity: r,
    id: toGlobalId('KaggleResult', r.id),
    competition: r.competition,
    kind: r.kind as KaggleCompetitionKindEnum,
    teams: r.teams,
    rank: r.rank,
    teamSize: r.teamSize,
    date: r.date,
    medal: r.medal as MedalEnum,
    medalDerived: r.medalSource === 'RANK',
    url: r.url,
    logId: r.logId === null ? null : toGlobalId('ProgressLog', r.logId),
  });
}

@ObjectType('KaggleMedals', { description: 'Medals won, by colour.' })
export class KaggleMedalsObject {
  @Field(() => Int, { description: 'Gold medals.' })
  gold!: number;

  @Field(() => Int, { description: 'Silver medals.' })
  silver!: number;

  @Field(() => Int, { description: 'Bronze medals.' })
  bronze!: number;

  @Field(() => Int, { description: 'Gold medals won solo (team size 1).' })
  soloGold!: number;
}

@ObjectType('KaggleMissing', {
  description:
    'What the next tier still needs, in detail (KaggleProgress.missing lists the same as medal counts). Each medal fills one requirement; a better medal may fill a lesser one.',
})
export class KaggleMissingObject {
  @Field(() => Int, { description: 'Gold medals still needed.' })
  gold!: number;

  @Field(() => Int, { description: 'Silver-or-better medals still needed, beyond the golds.' })
  silver!: number;

  @Field(() => Int, { description: 'Bronze-or-better medals still needed, beyond the medals above.' })
  bronze!: number;

  @Field(() => Int, { description: 'Solo golds still needed; each also counts toward `gold`.' })
  soloGold!: number;

  @Field(() => Int, { description: 'Competition results still to log (Contributor needs one).' })
  entries!: number;

  @Field(() => String, { description: 'The same in words, e.g. "1 gold medal".' })
  summary!: string;
}

/** The GraphQL shape of what a tier still needs, with its summary in words. */
export function toKaggleMissingObject(m: MissingMedals): KaggleMissingObject {
  return Object.assign(new KaggleMissingObject(), { ...m, summary: describeMissing(m) });
}

@ObjectType('KaggleMedalCount', { description: 'A number of medals of one colour, e.g. 1 gold medal still needed for the next tier.' })
export class KaggleMedalCountObject {
  @Field(() => MedalEnum, {
    description: 'The medal: it or a better one fills the count. NONE counts competition results, with or without a medal.',
  })
  medal!: MedalEnum;

  @Field(() => Int, { description: 'How many, at least 1.' })
  count!: number;
}

/** What a tier still needs as the GraphQL list of medal counts. */
export function toKaggleMedalCounts(m: MissingMedals): KaggleMedalCountObject[] {
  return missingMedalCounts(m).map((c) => Object.assign(new KaggleMedalCountObject(), { medal: c.medal as MedalEnum, count: c.count }));
}

@ObjectType('KaggleProgress', { description: 'Where a Kaggle goal stands: tier, medals and what the next tier needs.' })
export class KaggleProgressObject {
  @Field(() => KaggleTierEnum, { description: "The person's tier: every result on any of their Kaggle goals counts." })
  tier!: KaggleTierEnum;

  @Field(() => KaggleTierEnum, { nullable: true, description: 'The tier after it; null at Grandmaster.' })
  nextTier!: KaggleTierEnum | null;

  @Field(() => KaggleMedalsObject, { description: "Medals won, on all of the person's Kaggle goals (what the tier is made of)." })
  medals!: KaggleMedalsObject;

  @Field(() => [KaggleMedalCountObject], {
    nullable: true,
    description:
      'What nextTier still needs, as medal counts, best medal first; null at Grandmaster (there is no next tier). GOLD: golds still needed; Grandmaster\'s "at least one gold won solo" counts as one of them, so five team golds read [{ medal: GOLD, count: 1 }] (missingDetail.soloGold says it must be won solo). SILVER, BRONZE: silver-or-better and bronze-or-better medals beyond those. NONE: competition results of any medal still to log (Contributor needs one). Medals not needed are left out.',
  })
  missing!: KaggleMedalCountObject[] | null;

  @Field(() => KaggleMissingObject, {
    nullable: true,
    description: 'What nextTier still needs, in detail: solo golds and results apart, and a summary in words; null at Grandmaster.',
  })
  missingDetail!: KaggleMissingObject | null;

  /** The results, newest first; answered by KaggleProgressResolver.results, up to its `first`. */
  results!: KaggleResultObject[];
}

/** The GraphQL shape of a standing and its results. */
export function toKaggleProgressObject(standing: KaggleStanding, results: KaggleResultEntity[]): KaggleProgressObject {
  return Object.assign(new KaggleProgressObject(), {
    tier: standing.tier as KaggleTierEnum,
    nextTier: standing.nextTier as KaggleTierEnum | null,
    medals: Object.assign(new KaggleMedalsObject(), standing.medals),
    missing: standing.missing && toKaggleMedalCounts(standing.missing),
    missingDetail: standing.missing && toKaggleMissingObject(standing.missing),
    results: results.map(toKaggleResultObject),
  });
}
