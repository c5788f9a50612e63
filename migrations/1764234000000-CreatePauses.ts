import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../src/db/migration-helpers';

/** Pauses: date ranges in which a goal is resting on purpose. */
export class CreatePauses1764234000000 implements MigrationInterface {
  name = 'CreatePauses1764234000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'pauses',
        columns: [
          c.id(),
          c.integer('user_id'),
          c.integer('goal_id'),
          c.localDate('start_date'),
          c.localDate('end_date'),
          c.string('reason', 200, true),
          c.instant('created_at'),
        ],
        indices: [new TableIndex({ name: 'idx_pauses_goal', columnNames: ['goal_id', 'start_date'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_pauses_user_id',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            name: 'fk_pauses_goal_id',
            columnNames: ['goal_id'],
            referencedTableName: 'goals',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('pauses');
  }
}
