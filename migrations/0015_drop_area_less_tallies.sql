DROP TABLE "census_coverage" CASCADE;--> statement-breakpoint
DROP TABLE "census_coverage_month" CASCADE;--> statement-breakpoint
DROP TABLE "member_tally" CASCADE;