import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
const TIER_TEXT = {
    daily: { what: 'the newest backup of each of the last N days', env: 'BACKUP_KEEP_DAILY', fallback: 7 },
    weekly: { what: 'the newest of each of the last N ISO weeks', env: 'BACKUP_KEEP_WEEKLY', fallback: 4 },
    monthly: { what: 'the newest of each of the last N months', env: 'BACKUP_KEEP_MONTHLY', fallback: 6 },
};
/**
 * One calendar tier of rotation (keep_daily, keep_weekly, keep_monthly), the same in every body, query and schedule:
 * an optional whole number 0–10000, 0 = off. `fromQuery` converts the query string; `nullable` lets a schedule say "the default".
 */
export function RetentionTierField(tier, options = {}) {
    const t = TIER_TEXT[tier];
    return applyDecorators(ApiPropertyOptional({
        type: 'integer',
        minimum: 0,
        maximum: 10_000,
        nullable: options.nullable,
        description: `Also keep ${t.what} (${options.nullable ? 'null' : 'default'}: ${t.env}, ${t.fallback}; 0 = off)`,
    }), ...(options.fromQuery ? [Type(() => Number)] : []), IsOptional(), IsInt(), Min(0), Max(10_000));
}
//# sourceMappingURL=retention-fields.js.map