ALTER TABLE "hardship_aid_batch" ADD COLUMN "reversed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hardship_aid_batch" ADD COLUMN "reversal_reason" text;