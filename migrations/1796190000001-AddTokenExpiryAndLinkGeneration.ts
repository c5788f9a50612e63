import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Tokens may expire (`api_tokens.expires_at`, null: never), and each user has a generation of report links
 * (`users.report_link_generation`): a link carries the generation it was made in, and revokeReportLinks moves the
 * generation on, so every older link stops working at once. Plain ALTER TABLE on both databases; existing tokens
 * keep no expiry and existing users start at generation 0.
 */
export class AddTokenExpiryAndLinkGeneration1796190000001 implements MigrationInterface {
  name = 'AddTokenExpiryAndLinkGeneration1796190000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const instant = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.query(`ALTER TABLE api_tokens ADD COLUMN expires_at ${instant}`);
    await queryRunner.query('ALTER TABLE users ADD COLUMN report_link_generation integer NOT NULL DEFAULT 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users DROP COLUMN report_link_generation');
    await queryRunner.query('ALTER TABLE api_tokens DROP COLUMN expires_at');
  }
}
