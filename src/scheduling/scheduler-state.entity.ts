import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row (id 1): scheduler facts that must survive restarts and be shared by all instances. */
@Entity('scheduler_state')
export class SchedulerState {
  @PrimaryColumn({ type: 'int' })
  id: number;

  /** When the default schedules were created from the environment; null until the first start. */
  @Column({ name: 'defaults_created_at', type: Date, nullable: true })
  defaultsCreatedAt: Date | null;
}
