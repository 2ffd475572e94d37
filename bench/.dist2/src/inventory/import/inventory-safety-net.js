/**
 * Something that can keep the inventory as it is before a replace import
 * overwrites it (a pinned backup, provided by the backups module). Inventory
 * only knows this contract, so nothing here imports the backup code.
 */
export class InventorySafetyNet {
}
//# sourceMappingURL=inventory-safety-net.js.map