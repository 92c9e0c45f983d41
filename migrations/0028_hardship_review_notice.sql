CREATE TABLE "hardship_review_notice" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"week" date NOT NULL,
	"due" integer NOT NULL,
	"overdue" integer NOT NULL,
	"files" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hardship_review_notice" ADD CONSTRAINT "hardship_review_notice_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;