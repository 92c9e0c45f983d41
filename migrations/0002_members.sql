CREATE SEQUENCE "public"."member_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 20;--> statement-breakpoint
CREATE TABLE "member_application" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text NOT NULL,
	"name_cipher" "bytea",
	"name_index" "bytea",
	"id_number_cipher" "bytea",
	"id_index" "bytea",
	"phone_cipher" "bytea",
	"phone_index" "bytea",
	"duplicate_index" "bytea",
	"gender" text,
	"birth_date" date,
	"trade" text NOT NULL,
	"employer_name" text,
	"employer_uscc" text,
	"work_region_code" text NOT NULL,
	"work_address_cipher" "bytea",
	"work_lat" double precision,
	"work_lng" double precision,
	"province_code" text NOT NULL,
	"org_id" uuid NOT NULL,
	"placement_rule" text NOT NULL,
	"matched_region_code" text NOT NULL,
	"replaced_by" text,
	"replacement_reason" text,
	"duplicate_of" uuid[],
	"duplicate_reasons" text[],
	"submitted_at" timestamp with time zone NOT NULL,
	"review_due_at" timestamp with time zone NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"reminders" integer DEFAULT 0 NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_by_name" text,
	"decision_reason" text,
	"member_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_import_error" (
	"import_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"column" text NOT NULL,
	"code" text NOT NULL,
	"message" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_import" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"staff_id" uuid,
	"staff_name" text,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"written_rows" integer DEFAULT 0 NOT NULL,
	"duplicate_rows" integer DEFAULT 0 NOT NULL,
	"error_rows" integer DEFAULT 0 NOT NULL,
	"failure" text,
	"instance_id" text,
	"heartbeat_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "member_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"from_org_id" uuid,
	"to_org_id" uuid,
	"reason" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "member" (
	"id" uuid PRIMARY KEY NOT NULL,
	"member_no" text NOT NULL,
	"account_id" uuid,
	"province_code" text NOT NULL,
	"org_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"name_cipher" "bytea",
	"name_index" "bytea",
	"id_number_cipher" "bytea",
	"id_index" "bytea",
	"phone_cipher" "bytea",
	"phone_index" "bytea",
	"duplicate_index" "bytea",
	"gender" text,
	"birth_date" date,
	"trade" text NOT NULL,
	"employer_name" text,
	"employer_uscc" text,
	"work_region_code" text NOT NULL,
	"work_address_cipher" "bytea",
	"work_lat" double precision,
	"work_lng" double precision,
	"new_form" boolean NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"import_id" uuid,
	"status_reason" text,
	"status_changed_at" timestamp with time zone,
	"purged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_transfer" (
	"id" uuid PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"from_org_id" uuid NOT NULL,
	"to_org_id" uuid NOT NULL,
	"status" text NOT NULL,
	"initiated_by" text NOT NULL,
	"placement_rule" text,
	"reason" text,
	"work" jsonb,
	"accepted_at" timestamp with time zone,
	"accepted_by" text,
	"released_at" timestamp with time zone,
	"released_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_union_setting" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"auto_approve" boolean DEFAULT false NOT NULL,
	"review_sla_hours" integer DEFAULT 72 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "member_application" ADD CONSTRAINT "member_application_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_application" ADD CONSTRAINT "member_application_member_id_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_import_error" ADD CONSTRAINT "member_import_error_import_id_member_import_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."member_import"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_import" ADD CONSTRAINT "member_import_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_event" ADD CONSTRAINT "member_event_member_id_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member" ADD CONSTRAINT "member_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfer" ADD CONSTRAINT "member_transfer_member_id_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfer" ADD CONSTRAINT "member_transfer_from_org_id_org_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfer" ADD CONSTRAINT "member_transfer_to_org_id_org_id_fk" FOREIGN KEY ("to_org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_union_setting" ADD CONSTRAINT "member_union_setting_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "member_application_open_uq" ON "member_application" USING btree ("id_index") WHERE "member_application"."status" in ('pending', 'held_duplicate');--> statement-breakpoint
CREATE INDEX "member_application_account_ix" ON "member_application" USING btree ("account_id","submitted_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "member_application_org_ix" ON "member_application" USING btree ("org_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "member_application_due_ix" ON "member_application" USING btree ("review_due_at") WHERE "member_application"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "member_import_error_ix" ON "member_import_error" USING btree ("import_id","row");--> statement-breakpoint
CREATE INDEX "member_import_org_ix" ON "member_import" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "member_event_member_ix" ON "member_event" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "member_no_uq" ON "member" USING btree ("member_no");--> statement-breakpoint
CREATE UNIQUE INDEX "member_id_index_uq" ON "member" USING btree ("id_index") WHERE "member"."id_index" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "member_account_uq" ON "member" USING btree ("account_id") WHERE "member"."account_id" is not null;--> statement-breakpoint
CREATE INDEX "member_org_joined_ix" ON "member" USING btree ("org_id","joined_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "member_org_trade_joined_ix" ON "member" USING btree ("org_id","trade","joined_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "member_joined_ix" ON "member" USING btree ("joined_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "member_phone_ix" ON "member" USING btree ("phone_index");--> statement-breakpoint
CREATE INDEX "member_duplicate_ix" ON "member" USING btree ("duplicate_index");--> statement-breakpoint
CREATE INDEX "member_name_ix" ON "member" USING btree ("name_index");--> statement-breakpoint
CREATE INDEX "member_left_ix" ON "member" USING btree ("status_changed_at") WHERE "member"."status" in ('left', 'deceased') and "member"."purged_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "member_transfer_open_uq" ON "member_transfer" USING btree ("member_id") WHERE "member_transfer"."status" in ('proposed', 'requested');--> statement-breakpoint
CREATE INDEX "member_transfer_to_ix" ON "member_transfer" USING btree ("to_org_id","status");--> statement-breakpoint
CREATE INDEX "member_transfer_from_ix" ON "member_transfer" USING btree ("from_org_id","status");