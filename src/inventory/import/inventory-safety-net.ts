/**
 * Something that can keep the inventory as it is before a replace import
 * overwrites it (a pinned backup, provided by the backups module). Inventory
 * only knows this contract, so nothing here imports the backup code.
 */
export abstract class InventorySafetyNet {
  /** Keeps the user's current inventory; returns the id of what can be restored to undo (a backup id). */
  abstract keepCurrent(owner: { id: number; username: string }, reason: string): Promise<number>;
}
