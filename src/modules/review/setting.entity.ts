import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A server-wide value shared by every server on the database, e.g. the secret that signs report links.
 * Created on first use; the name is the primary key, so two servers racing to create one cannot both win.
 */
@Entity({ name: 'settings' })
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'text' })
  value!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
