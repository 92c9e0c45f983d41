-- The roll's filter columns join its two per-union indexes, so a page's ids and its capped count are
-- index-only scans (a district's count of couriers read 127,000 heap rows before). Rebuilding them
-- holds writes to member for a few seconds per million members (docs/OPERATIONS.md, "Upgrades").
DROP INDEX "member_org_joined_ix";--> statement-breakpoint
DROP INDEX "member_org_trade_joined_ix";--> statement-breakpoint
CREATE INDEX "member_org_joined_ix" ON "member" USING btree ("org_id","joined_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"trade","status","new_form");--> statement-breakpoint
CREATE INDEX "member_org_trade_joined_ix" ON "member" USING btree ("org_id","trade","joined_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status");