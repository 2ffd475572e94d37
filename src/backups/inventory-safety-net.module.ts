import { Global, Injectable, Module } from '@nestjs/common';
import { InventorySafetyNet } from '../inventory/import/inventory-safety-net.js';
import { BackupsModule } from './backups.module.js';
import { BackupsService } from './backups.service.js';

/** The inventory's safety net is a pinned inventory backup, kept for the trash window. */
@Injectable()
export class PinnedBackupSafetyNet extends InventorySafetyNet {
  constructor(private readonly backups: BackupsService) {
    super();
  }

  keepCurrent(owner: { id: number; username: string }, reason: string): Promise<number> {
    return this.backups.keepCurrentInventory(owner, reason);
  }
}

/** Global so the inventory controller (below backups) can use it through its own abstract contract. */
@Global()
@Module({
  imports: [BackupsModule],
  providers: [{ provide: InventorySafetyNet, useClass: PinnedBackupSafetyNet }],
  exports: [InventorySafetyNet],
})
export class InventorySafetyNetModule {}
