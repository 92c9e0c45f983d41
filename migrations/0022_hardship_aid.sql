CREATE TABLE "hardship_aid_batch" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"total_fen" integer NOT NULL,
	"households" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hardship_aid_item" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"fund_id" uuid NOT NULL,
	"default_amount_fen" integer NOT NULL,
	"max_amount_fen_per_year" integer,
	"max_times_per_year" integer,
	"once_per_household" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hardship_aid" (
	"id" uuid PRIMARY KEY NOT NULL,
	"batch_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"amount_fen" integer NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"transfer_id" uuid,
	"paid_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hardship_aid_batch" ADD CONSTRAINT "hardship_aid_batch_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_aid_batch" ADD CONSTRAINT "hardship_aid_batch_item_id_hardship_aid_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."hardship_aid_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_aid_item" ADD CONSTRAINT "hardship_aid_item_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_aid" ADD CONSTRAINT "hardship_aid_batch_id_hardship_aid_batch_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."hardship_aid_batch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_aid" ADD CONSTRAINT "hardship_aid_file_id_hardship_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."hardship_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_aid" ADD CONSTRAINT "hardship_aid_item_id_hardship_aid_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."hardship_aid_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hardship_aid_batch_org_ix" ON "hardship_aid_batch" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_aid_item_code_uq" ON "hardship_aid_item" USING btree ("org_id","code");--> statement-breakpoint
CREATE INDEX "hardship_aid_file_ix" ON "hardship_aid" USING btree ("file_id","item_id","year");--> statement-breakpoint
CREATE INDEX "hardship_aid_batch_ix" ON "hardship_aid" USING btree ("batch_id");