CREATE SEQUENCE "public"."hardship_file_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "hardship_file" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"file_number" text NOT NULL,
	"member_id" uuid,
	"applicant_name_cipher" "bytea" NOT NULL,
	"applicant_id_cipher" "bytea" NOT NULL,
	"applicant_phone_cipher" "bytea" NOT NULL,
	"applicant_phone_index" "bytea" NOT NULL,
	"household_cipher" "bytea" NOT NULL,
	"household_size" integer NOT NULL,
	"causes" text[] NOT NULL,
	"cause_since" jsonb NOT NULL,
	"computed_category" text,
	"category" text,
	"override_reason" text,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"notice_ends_on" date,
	"filed_on" date,
	"review_due_on" date,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hardship_household_id" (
	"file_id" uuid NOT NULL,
	"id_index" "bytea" NOT NULL,
	"open" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hardship_objection" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"content" text NOT NULL,
	"raised_by" text,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolved_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hardship_setting" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"minimum_living_fen" integer NOT NULL,
	"relative_multiple_milli" integer NOT NULL,
	"sudden_burden_months" integer NOT NULL,
	"notice_days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hardship_step" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"org_id" uuid,
	"reason" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hardship_file" ADD CONSTRAINT "hardship_file_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_file" ADD CONSTRAINT "hardship_file_member_id_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_household_id" ADD CONSTRAINT "hardship_household_id_file_id_hardship_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."hardship_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_objection" ADD CONSTRAINT "hardship_objection_file_id_hardship_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."hardship_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_setting" ADD CONSTRAINT "hardship_setting_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_step" ADD CONSTRAINT "hardship_step_file_id_hardship_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."hardship_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_step" ADD CONSTRAINT "hardship_step_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_file_number_uq" ON "hardship_file" USING btree ("file_number");--> statement-breakpoint
CREATE INDEX "hardship_file_org_status_ix" ON "hardship_file" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "hardship_file_phone_ix" ON "hardship_file" USING btree ("applicant_phone_index");--> statement-breakpoint
CREATE INDEX "hardship_file_review_due_ix" ON "hardship_file" USING btree ("review_due_on") WHERE "hardship_file"."status" = 'filed';--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_household_id_open_uq" ON "hardship_household_id" USING btree ("id_index") WHERE "hardship_household_id"."open";--> statement-breakpoint
CREATE INDEX "hardship_household_id_file_ix" ON "hardship_household_id" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "hardship_objection_file_ix" ON "hardship_objection" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "hardship_step_file_ix" ON "hardship_step" USING btree ("file_id","created_at");