import { Column, Entity, PrimaryColumn } from 'typeorm';

export type InstanceKind = 'server' | 'cli';

/** One running process of the app (a server or a CLI command), renewed while it lives, removed when it stops. */
@Entity('app_instances')
export class AppInstance {
  /** host:pid:random, unique per process. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: InstanceKind;

  @Column({ type: 'varchar', length: 255 })
  host: string;

  @Column({ type: 'int' })
  pid: number;

  @Column({ type: 'varchar', length: 32 })
  version: string;

  @Column({ name: 'started_at', type: Date })
  startedAt: Date;

  @Column({ name: 'last_seen_at', type: Date })
  lastSeenAt: Date;
}
