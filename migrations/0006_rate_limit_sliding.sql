-- Rate limits become sliding logs (issue 13, point 12): fixed clock-hour and UTC-day windows let twice a
-- limit through around each boundary. A bucket now keeps the instants of its admitted hits; the old
-- per-window counters hold only minutes-old, short-lived state and are simply dropped.
DROP TABLE "auth_rate_limit" CASCADE;--> statement-breakpoint
CREATE TABLE "auth_rate_limit" (
	"bucket" text PRIMARY KEY NOT NULL,
	"hits" timestamp with time zone[] NOT NULL,
	"admitted" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
