/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Why a goal needs attention today. */
export type AttentionReason =
  /** The target is behind its straight line from start to due date. */
  | 'BEHIND_PACE'
  /** A habit whose rule still needs today, with no streak to lose: a daily habit not done, a window that cannot be met without today, or one of the habit's weekdays. */
  | 'DUE'
  /** It is due today and not done. */
  | 'DUE_TODAY'
  /** Its due date has passed and it is not done. */
  | 'OVERDUE'
  /** A live streak ends tonight unless today is kept. */
  | 'STREAK_AT_RISK';

/** A goal made from a template. title, startDate and dueDate may be given here or in overrides; given in both places, they must agree. */
export type CreateGoalFromTemplateInput = {
  /** Due date, on or after startDate; null for none; omitted, the template's default (e.g. 31 December of startDate's year). */
  dueDate?: string | null | undefined;
  /** Changes to the template's other defaults (title, startDate and dueDate may be given here too). */
  overrides?: GoalTemplateOverridesInput | null | undefined;
  /** Client-chosen key (1–100 characters) that makes retries safe: the same key with the same input returns what the first call created and creates nothing; with other input it fails with CONFLICT. Unique per viewer and mutation. */
  requestId?: string | null | undefined;
  /** First day; default today in the viewer's calendar. */
  startDate?: string | null | undefined;
  /** The template. */
  template: GoalTemplateKey;
  /** Title, 1–200 characters; default the template's title. */
  title?: string | null | undefined;
};

/** How often a habit is meant to be done. */
export type FrequencyInput = {
  /** Window length in days, at least `times` and at most 365. */
  perDays: number;
  /** Times per window, at least 1. */
  times: number;
  /** The weekdays to do it on (e.g. MONDAY, WEDNESDAY, FRIDAY), at least one; left out or null for any day. */
  weekdays?: Array<Weekday> | null | undefined;
};

/** What kind of goal this is, which decides how progress is measured. */
export type GoalKind =
  /** Something done `times` per `perDays` days; yes/no, or numeric with a per-window target. */
  | 'HABIT'
  /** Ordered stages, e.g. idea, experiments, draft, submitted, decision. */
  | 'MILESTONES'
  /** A total to reach (AT_LEAST) or stay under (AT_MOST) by a date. */
  | 'TARGET';

/** A ready-made goal. Templates with a typed view mark their goals: Goal.template tells which one a goal came from. */
export type GoalTemplateKey =
  /** A habit done every day. */
  | 'DAILY_HABIT'
  /** A TARGET of competitions entered, with Goal.kaggle: tier, medals, what the next tier needs. */
  | 'KAGGLE_COMPETITIONS'
  /** A MILESTONES goal idea → camera-ready, planned toward a venue (Goal.pipeline). */
  | 'PAPER_PIPELINE'
  /** A weekly retrospective or practice, rated 1–5 (Goal.reflection). */
  | 'REFLECTION'
  /** A weekly real rest day, rated 1–5 (Goal.reflection). */
  | 'REST_DAYS'
  /** A daily training habit with the planche ladder (Goal.skill). */
  | 'SKILL_LADDER_PLANCHE'
  /** A habit done once a week. */
  | 'WEEKLY_HABIT';

/** Changes to a template's defaults; omitted fields keep the default, null clears an optional one. Checked like createGoal. */
export type GoalTemplateOverridesInput = {
  /** Description. */
  description?: string | null | undefined;
  /** Due date; null for none. */
  dueDate?: string | null | undefined;
  /** Frequency (habits). */
  frequency?: FrequencyInput | null | undefined;
  /** A goal of the viewer's that this one serves. */
  parentId?: string | number | null | undefined;
  /** First day; default today. */
  startDate?: string | null | undefined;
  /** Tags, replacing the defaults. */
  tags?: Array<string> | null | undefined;
  /** Target (TARGET goals; numeric habits). */
  target?: number | null | undefined;
  /** AT_LEAST or AT_MOST. */
  targetType?: TargetType | null | undefined;
  /** Title, 1–200 characters. */
  title?: string | null | undefined;
  /** Unit of log values. */
  unit?: string | null | undefined;
  /** PAPER_PIPELINE only: the venue to aim at. */
  venueId?: string | number | null | undefined;
};

/** A new workout. */
export type LogWorkoutInput = {
  /** The calendar day it counts for; default the day of occurredAt in the viewer's zone and day start. Not after today. */
  date?: string | null | undefined;
  /** Length in minutes, 1–1440. */
  durationMinutes?: number | null | undefined;
  /** How it felt, 1 (awful) to 5 (great). */
  feeling?: number | null | undefined;
  /** A goal the session counts toward. A HABIT or TARGET goal gets one progress log for the session (value 1, or the minutes when the goal's unit is minutes). */
  goalId?: string | number | null | undefined;
  /** Free note, up to 10000 characters. */
  note?: string | null | undefined;
  /** When it happened; default now. */
  occurredAt?: string | null | undefined;
  /** Client-chosen key (1–100 characters) that makes retries safe: the same key with the same input returns what the first call created and creates nothing; with other input it fails with CONFLICT. Unique per viewer and mutation. */
  requestId?: string | null | undefined;
  /** The sets in order, at most 200; default none. */
  sets?: Array<WorkoutSetInput> | null | undefined;
};

/** Whether the target is a floor to reach or a ceiling to stay under. */
export type TargetType =
  /** Do more: reach at least the target. */
  | 'AT_LEAST'
  /** Do less: stay at or under the target. */
  | 'AT_MOST';

/** A day of the week in the owner's calendar. */
export type Weekday =
  /** Friday. */
  | 'FRIDAY'
  /** Monday. */
  | 'MONDAY'
  /** Saturday. */
  | 'SATURDAY'
  /** Sunday. */
  | 'SUNDAY'
  /** Thursday. */
  | 'THURSDAY'
  /** Tuesday. */
  | 'TUESDAY'
  /** Wednesday. */
  | 'WEDNESDAY';

/** One set. Give reps, holdSeconds or both. */
export type WorkoutSetInput = {
  /** Added weight in kg, −500 to 1000; negative for band assistance, e.g. −10 with a band; omit for bodyweight. */
  addedWeightKg?: number | null | undefined;
  /** Exercise name, 1–100 characters; compared without case or extra spaces. */
  exercise: string;
  /** Seconds held (isometric holds), 0–36000. */
  holdSeconds?: number | null | undefined;
  /** Repetitions, 0–10000. */
  reps?: number | null | undefined;
  /** Rate of perceived exertion, 1–10. */
  rpe?: number | null | undefined;
};

export type CreateLadderGoalMutationVariables = Exact<{
  input: CreateGoalFromTemplateInput;
}>;


export type CreateLadderGoalMutation = { createGoalFromTemplate: { goal: { id: string, title: string } } };

export type LogWorkoutMutationVariables = Exact<{
  input: LogWorkoutInput;
}>;


export type LogWorkoutMutation = { logWorkout: { workout: { id: string, date: string }, goal: { id: string, streak: { current: number, longest: number } | null } | null } };

export type TodayQueryVariables = Exact<{ [key: string]: never; }>;


export type TodayQuery = { viewer: { handle: string, timeZone: string }, goals: { totalCount: number, edges: Array<{ node: { id: string, title: string, kind: GoalKind, streak: { current: number } | null, skill: { bestHoldSeconds: number | null, currentLevel: { name: string } | null, nextLevel: { name: string, criterion: string } | null } | null } }> }, needsAttention: { edges: Array<{ node: { title: string, attention: Array<AttentionReason> } }> } };


export const CreateLadderGoalDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateLadderGoal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateGoalFromTemplateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createGoalFromTemplate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"goal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]} as unknown as DocumentNode<CreateLadderGoalMutation, CreateLadderGoalMutationVariables>;
export const LogWorkoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LogWorkout"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LogWorkoutInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logWorkout"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"date"}}]}},{"kind":"Field","name":{"kind":"Name","value":"goal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"streak"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"longest"}}]}}]}}]}}]}}]} as unknown as DocumentNode<LogWorkoutMutation, LogWorkoutMutationVariables>;
export const TodayDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Today"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"goals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"TITLE"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"streak"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"current"}}]}},{"kind":"Field","name":{"kind":"Name","value":"skill"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentLevel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nextLevel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"criterion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bestHoldSeconds"}}]}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"needsAttention"},"name":{"kind":"Name","value":"goals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}},{"kind":"Argument","name":{"kind":"Name","value":"needsAttention"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"attention"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TodayQuery, TodayQueryVariables>;