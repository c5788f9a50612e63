import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  TransactionStartEvent,
  UpdateEvent,
} from 'typeorm';
import type { Clock } from '../../clock';
import { insertReturningIds } from '../../db/insert';
import { toGlobalId } from '../../ids';
import { GoalEntity } from '../goal/goal.entity';
import type { ProgressLogEntity } from '../log/progress-log.entity';
import { MilestoneEntity } from '../milestone/milestone.entity';
import { newEventUid } from './event-uid';
import { EventEntity, type EventTypeValue } from './event.entity';

/** An event to record: its type, what it is about, and the changed object as it is now. */
export interface EventDraft {
  type: EventTypeValue;
  goalId: number | null;
  logId?: number | null;
  data: Record<string, unknown>;
}

/** What the events of one committed transaction were about. */
export interface Committed {
  userIds: number[];
}

interface Pending {
  rows: Array<Partial<EventEntity>>;
  userIds: Set<number>;
}

const outboxes = new WeakMap<DataSource, Outbox>();

/**
 * The outbox: events are gathered while a transaction runs and written when it commits, with one multi-row INSERT
 * (a few hundred rows per statement) in that same transaction, so an event exists exactly when its change does.
 * Goal and milestone changes are seen through TypeORM's entity events (saves); log writers, whose multi-row
 * INSERTs TypeORM does not see, call `add`. After the commit, listeners hear which users had events: the delivery
 * loop and the subscriptions read them from the table.
 */
export class Outbox implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, Pending>();
  private readonly listeners: Array<(committed: Committed) => void> = [];

  private constructor(private readonly clock: Clock) {}

  /** The outbox of `dataSource`, registered with it on first use (one per data source, whatever builds the services). */
  static of(dataSource: DataSource, clock: Clock): Outbox {
    let outbox = outboxes.get(dataSource);
    if (!outbox) {
      outbox = new Outbox(clock);
      dataSource.subscribers.push(outbox);
      outboxes.set(dataSource, outbox);
    }
    return outbox;
  }

  /** Adds events to the transaction that `em` runs; they are written when it commits, and dropped if it rolls back. */
  add(em: EntityManager, userId: number, drafts: readonly EventDraft[]): void {
    const runner = transactionOf(em, 'Outbox.add');
    if (drafts.length === 0) return;
    const pending = this.pendingOf(runner);
    const occurredAt = this.clock.now();
    pending.userIds.add(userId);
    for (const draft of drafts) {
      pending.rows.push({
        uid: newEventUid(),
        userId,
        type: draft.type,
        occurredAt,
        goalId: draft.goalId,
        logId: draft.logId ?? null,
        payload: JSON.stringify(draft.data),
      });
    }
  }

  /** The events gathered in the transaction that `runner` runs, begun on first use. */
  private pendingOf(runner: QueryRunner): Pending {
    let pending = this.pending.get(runner);
    if (!pending) this.pending.set(runner, (pending = { rows: [], userIds: new Set() }));
    return pending;
  }

  /**
   * Log events, one per log, in the transaction of `em`. Their payloads are `{ log: logSnapshot(log) }` as JSON, built
   * as text: a batch or an import brings a thousand logs at a time, of a few goals and mostly one instant.
   */
  addLogs(
    em: EntityManager,
    userId: number,
    type: 'LOG_CREATED' | 'LOG_UPDATED' | 'LOG_DELETED',
    logs: readonly ProgressLogEntity[],
  ): void {
    const runner = transactionOf(em, 'Outbox.addLogs');
    if (logs.length === 0) return;
    const pending = this.pendingOf(runner);
    const occurredAt = this.clock.now();
    pending.userIds.add(userId);
    const payloads = new LogPayloads();
    for (const log of logs) {
      pending.rows.push({
        uid: newEventUid(),
        userId,
        type,
        occurredAt,
        goalId: log.goalId,
        logId: log.id,
        payload: payloads.of(log),
      });
    }
  }

  /**
   * Writes the events gathered so far in the transaction of `em` now, still inside it (they stay if it commits and go
   * if it rolls back, as at commit). A long transaction (an import of a whole file) calls it after each chunk, so
   * that what it holds in memory is one chunk's events rather than all of them.
   */
  async flush(em: EntityManager): Promise<void> {
    const runner = em.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('Outbox.flush needs the EntityManager of a transaction');
    await this.write(runner, em);
  }

  private async write(runner: QueryRunner, em: EntityManager): Promise<void> {
    const pending = this.pending.get(runner);
    if (!pending || pending.rows.length === 0) return;
    const rows = pending.rows;
    pending.rows = [];
    await insertReturningIds(em, EventEntity, rows);
  }

  /** Calls `listener` after each commit that wrote events. */
  onCommitted(listener: (committed: Committed) => void): void {
    this.listeners.push(listener);
  }

  afterInsert(event: InsertEvent<unknown>): void {
    // Only goals saved as entities: rows copied or restored as they are (plain objects) are no new goals.
    if (!(event.entity instanceof GoalEntity) || !event.queryRunner.isTransactionActive) return;
    const goal = event.entity;
    this.add(event.manager, goal.userId, [{ type: 'GOAL_CREATED', goalId: goal.id, data: { goal: goalSnapshot(goal) } }]);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    // Only entities saved whole: a query-builder update (an import linking restored goals to their parents) carries
    // only the changed columns, no object to report.
    if (!event.queryRunner.isTransactionActive) return;
    if (event.entity instanceof GoalEntity) {
      const goal = event.entity;
      const before = event.databaseEntity as GoalEntity | undefined;
      const drafts: EventDraft[] = [{ type: 'GOAL_UPDATED', goalId: goal.id, data: { goal: goalSnapshot(goal) } }];
      if (goal.status === 'ACHIEVED' && before?.status !== 'ACHIEVED')
        drafts.push({ type: 'GOAL_ACHIEVED', goalId: goal.id, data: { goal: goalSnapshot(goal) } });
      this.add(event.manager, goal.userId, drafts);
    } else if (event.entity instanceof MilestoneEntity) {
      const milestone = event.entity;
      const before = event.databaseEntity as MilestoneEntity | undefined;
      if (milestone.achievedOn === null || (before && before.achievedOn !== null)) return;
      this.add(event.manager, milestone.userId, [
        { type: 'MILESTONE_COMPLETED', goalId: milestone.goalId, data: { milestone: milestoneSnapshot(milestone) } },
      ]);
    }
  }

  /**
   * A savepoint inside a transaction (a write joining a group commit, see WriteGroups) begins with the events
   * gathered before it written: what a rollback to the savepoint then drops (below) is the savepoint's own.
   */
  async beforeTransactionStart(event: TransactionStartEvent): Promise<void> {
    if (this.pending.get(event.queryRunner)?.rows.length) await this.write(event.queryRunner, event.manager);
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    await this.write(event.queryRunner, event.manager);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const pending = this.pending.get(event.queryRunner);
    if (!pending || event.queryRunner.isTransactionActive) return;
    this.pending.delete(event.queryRunner);
    const committed = { userIds: [...pending.userIds] };
    for (const listener of this.listeners) listener(committed);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
    else {
      // Rolled back to a savepoint: the events not yet written were gathered since it began; those written the
      // rollback took back with the rest.
      const pending = this.pending.get(event.queryRunner);
      if (pending) pending.rows = [];
    }
  }
}

/** The query runner of the transaction `em` runs; `caller` names who needed one. */
function transactionOf(em: EntityManager, caller: string): QueryRunner {
  const runner = em.queryRunner;
  if (!runner?.isTransactionActive) throw new Error(`${caller} needs the EntityManager of a transaction`);
  return runner;
}

/** A log as events carry it. */
export function logSnapshot(log: ProgressLogEntity): Record<string, unknown> {
  return {
    id: toGlobalId('ProgressLog', log.id),
    goalId: toGlobalId('Goal', log.goalId),
    value: log.value,
    date: log.date,
    occurredAt: log.occurredAt.toISOString(),
    note: log.note,
    rating: log.rating,
  };
}

/**
 * The payloads of log events, `JSON.stringify({ log: logSnapshot(log) })` exactly, built as text with the global IDs
 * of goals and the text of instants worked out once each (the logs of one write share a few of each).
 */
export class LogPayloads {
  private readonly goalIds = new Map<number, string>();
  private lastInstant: Date | null = null;
  private lastInstantText = '';

  of(log: ProgressLogEntity): string {
    // Anything but what the writers set (a finite value, a note and a rating or null) goes the general way.
    if (typeof log.value !== 'number' || log.note === undefined || log.rating === undefined || !(log.occurredAt instanceof Date))
      return JSON.stringify({ log: logSnapshot(log) });
    let goalId = this.goalIds.get(log.goalId);
    if (goalId === undefined) this.goalIds.set(log.goalId, (goalId = JSON.stringify(toGlobalId('Goal', log.goalId))));
    if (log.occurredAt !== this.lastInstant) {
      this.lastInstant = log.occurredAt;
      this.lastInstantText = JSON.stringify(log.occurredAt.toISOString());
    }
    return (
      `{"log":{"id":${JSON.stringify(toGlobalId('ProgressLog', log.id))},"goalId":${goalId},"value":${JSON.stringify(log.value)},` +
      `"date":${JSON.stringify(log.date)},"occurredAt":${this.lastInstantText},"note":${JSON.stringify(log.note)},` +
      `"rating":${JSON.stringify(log.rating)}}}`
    );
  }
}

/** A goal's own fields as events carry them (what is derived from its logs is added at delivery). */
export function goalSnapshot(goal: GoalEntity): Record<string, unknown> {
  return {
    id: toGlobalId('Goal', goal.id),
    title: goal.title,
    kind: goal.kind,
    status: goal.status,
    target: goal.target,
    unit: goal.unit,
    achievedOn: goal.achievedOn,
  };
}

function milestoneSnapshot(milestone: MilestoneEntity): Record<string, unknown> {
  return {
    id: toGlobalId('Milestone', milestone.id),
    goalId: toGlobalId('Goal', milestone.goalId),
    title: milestone.title,
    achievedOn: milestone.achievedOn,
  };
}
