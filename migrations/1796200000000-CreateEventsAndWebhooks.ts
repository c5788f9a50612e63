import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../src/db/migration-helpers';
import { fanOutTrigger } from '../src/db/event-triggers';

/**
 * The outbox and the webhooks it feeds. `events` gets one row per change, written in the change's transaction;
 * `webhooks` are the users' receivers; `webhook_deliveries` are one row per event and receiver, the queue the
 * delivery loop works through (times it schedules by are epoch milliseconds, compared as numbers on both databases).
 *
 * A trigger on `events` fans each new event out to the owner's active webhooks that listen to its type, inside the
 * same INSERT statement, so the write path pays one statement however many receivers there are. On PostgreSQL the
 * trigger also sends `NOTIFY hoego_events` with "user:firstId:lastId", which wakes every server's delivery loop and
 * subscriptions. On SQLite the trigger is per row. A later migration that rebuilds `events` must create it again.
 */
export class CreateEventsAndWebhooks1796200000000 implements MigrationInterface {
  name = 'CreateEventsAndWebhooks1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    const postgres = queryRunner.connection.options.type === 'postgres';
    const fk = (table: string, column: string, referenced: string) =>
      new TableForeignKey({
        name: `fk_${table}_${column}`,
        columnNames: [column],
        referencedTableName: referenced,
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      });
    const millis = (name: string, nullable = true) => ({ name, type: 'bigint', isNullable: nullable });

    await queryRunner.createTable(
      new Table({
        name: 'events',
        columns: [
          c.id(),
          c.string('uid', 36),
          c.integer('user_id'),
          c.string('type', 32),
          c.instant('occurred_at'),
          c.integer('goal_id', true),
          c.integer('log_id', true),
          c.text('payload'),
        ],
        uniques: [{ name: 'uq_events_uid', columnNames: ['uid'] }],
        indices: [new TableIndex({ name: 'idx_events_user_id', columnNames: ['user_id', 'id'] })],
        foreignKeys: [fk('events', 'user_id', 'users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhooks',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.string('url', 2000),
          c.text('event_types'),
          c.string('description', 500, true),
          c.string('secret', 100),
          { name: 'active', type: 'integer', default: 1 },
          { name: 'failure_count', type: 'integer', default: 0 },
          c.instant('failing_since', true),
          c.text('disabled_reason', true),
          c.instant('created_at'),
          c.instant('updated_at'),
        ],
        indices: [new TableIndex({ name: 'idx_webhooks_user', columnNames: ['user_id'] })],
        foreignKeys: [fk('webhooks', 'user_id', 'users')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.integer('webhook_id'),
          c.integer('event_id'),
          c.string('status', 16),
          { name: 'attempts', type: 'integer', default: 0 },
          millis('next_attempt_at'),
          millis('lease_until'),
          c.instant('last_attempt_at', true),
          c.integer('response_status', true),
          c.text('last_error', true),
          c.instant('delivered_at', true),
          c.instant('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_webhook_deliveries_queue', columnNames: ['status', 'webhook_id', 'event_id'] }),
          new TableIndex({ name: 'idx_webhook_deliveries_webhook', columnNames: ['webhook_id', 'id'] }),
        ],
        foreignKeys: [
          fk('webhook_deliveries', 'user_id', 'users'),
          fk('webhook_deliveries', 'webhook_id', 'webhooks'),
          fk('webhook_deliveries', 'event_id', 'events'),
        ],
      }),
    );
    for (const sql of fanOutTrigger(postgres).create) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of fanOutTrigger(queryRunner.connection.options.type === 'postgres').drop) await queryRunner.query(sql);
    await queryRunner.dropTable('webhook_deliveries');
    await queryRunner.dropTable('webhooks');
    await queryRunner.dropTable('events');
  }
}
