CREATE TABLE "hardship_competition" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"indicators" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hardship_ranking" ADD COLUMN "indicators" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "hardship_ranking" ADD COLUMN "indicators_org_id" uuid;--> statement-breakpoint
ALTER TABLE "hardship_competition" ADD CONSTRAINT "hardship_competition_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;