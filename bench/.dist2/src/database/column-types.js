/** Timestamp column matching what TypeORM's Create/UpdateDateColumn expects per dialect. */
export function timestampColumn(runner, name, nullable = false) {
    const type = runner.connection.options.type;
    if (type === 'postgres')
        return { name, type: 'timestamp', precision: 6, isNullable: nullable, default: nullable ? undefined : 'now()' };
    if (type === 'mysql' || type === 'mariadb') {
        return { name, type: 'datetime', precision: 6, isNullable: nullable, default: nullable ? undefined : 'CURRENT_TIMESTAMP(6)' };
    }
    return { name, type: 'datetime', isNullable: nullable, default: nullable ? undefined : "(datetime('now'))" };
}
export function idColumn() {
    return { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
}
/** MySQL/MariaDB compare text case-insensitively by default; keys like (part_id, color) must compare exactly, as on the other dialects. */
export function exactText(runner) {
    const type = runner.connection.options.type;
    return type === 'mysql' || type === 'mariadb' ? { collation: 'utf8mb4_bin' } : {};
}
//# sourceMappingURL=column-types.js.map