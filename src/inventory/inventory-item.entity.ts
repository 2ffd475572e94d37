import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from '../users/user.entity.js';
import { ITEM_MAX_LENGTH } from './item-limits.js';

@Entity('inventory_items')
@Unique('uq_inventory_items_user_part_color', ['userId', 'partId', 'color'])
export class InventoryItem {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_inventory_items_user')
  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: ITEM_MAX_LENGTH.name })
  name: string;

  @Column({ name: 'part_id', type: 'varchar', length: ITEM_MAX_LENGTH.part_id })
  partId: string;

  @Column({ type: 'varchar', length: ITEM_MAX_LENGTH.color })
  color: string;

  @Column({ name: 'quantity_total', type: 'int', default: 0 })
  quantityTotal: number;

  @Column({ name: 'quantity_used', type: 'int', default: 0 })
  quantityUsed: number;

  @Column({ name: 'storage_location', type: 'varchar', length: ITEM_MAX_LENGTH.storage_location, default: '' })
  storageLocation: string;

  @Column({ name: 'image_url', type: 'varchar', length: ITEM_MAX_LENGTH.image_url, default: '' })
  imageUrl: string;

  @Column({ type: 'text' })
  notes: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
