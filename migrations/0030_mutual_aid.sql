CREATE SEQUENCE "public"."mutual_aid_certificate_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."mutual_aid_claim_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "mutual_aid_batch" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"claims" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_claim_document" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_id" uuid NOT NULL,
	"stored_file_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_claim_step" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_name" text,
	"reason" text,
	"checklist" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_claim" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_no" text NOT NULL,
	"plan_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"source" text NOT NULL,
	"partner_id" uuid,
	"settlement_ref" text,
	"admitted_on" date NOT NULL,
	"discharged_on" date,
	"total_fen" bigint NOT NULL,
	"in_scope_self_paid_fen" bigint NOT NULL,
	"above_ceiling_fen" bigint NOT NULL,
	"self_paid_fen" bigint NOT NULL,
	"medical_cipher" "bytea" NOT NULL,
	"status" text NOT NULL,
	"payout_fen" bigint DEFAULT 0 NOT NULL,
	"lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"needs_second_review" boolean DEFAULT false NOT NULL,
	"sampled" boolean DEFAULT false NOT NULL,
	"first_reviewer_id" uuid,
	"decided_at" timestamp with time zone,
	"batch_id" uuid,
	"transfer_id" uuid,
	"cancelled_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_enrolment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"cycle_start" date NOT NULL,
	"cycle_end" date NOT NULL,
	"member_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"name_cipher" "bytea" NOT NULL,
	"id_number_cipher" "bytea" NOT NULL,
	"id_index" "bytea" NOT NULL,
	"gender" text NOT NULL,
	"birth_date" date NOT NULL,
	"shares" smallint NOT NULL,
	"price_fen" integer NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"province_code" text NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"group_id" uuid,
	"enrolled_on" date,
	"certificate_no" text,
	"reminded_at" timestamp with time zone,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_group" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"payer_name" text NOT NULL,
	"file_name" text,
	"people" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"transfer_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_payment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"out_trade_no" text NOT NULL,
	"provider" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"transaction_id" text,
	"paid_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"transfer_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_plan" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"description" text,
	"rule" jsonb NOT NULL,
	"start_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"second_review_above_fen" integer NOT NULL,
	"sample_pct" smallint DEFAULT 5 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_reconciliation" (
	"partner_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"day" date NOT NULL,
	"settled" integer NOT NULL,
	"cancelled" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"transfer_id" uuid,
	"computed_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "mutual_aid_batch" ADD CONSTRAINT "mutual_aid_batch_plan_id_mutual_aid_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."mutual_aid_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_claim_document" ADD CONSTRAINT "mutual_aid_claim_document_claim_id_mutual_aid_claim_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."mutual_aid_claim"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_claim_document" ADD CONSTRAINT "mutual_aid_claim_document_stored_file_id_stored_file_id_fk" FOREIGN KEY ("stored_file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_claim_step" ADD CONSTRAINT "mutual_aid_claim_step_claim_id_mutual_aid_claim_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."mutual_aid_claim"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_claim" ADD CONSTRAINT "mutual_aid_claim_plan_id_mutual_aid_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."mutual_aid_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_claim" ADD CONSTRAINT "mutual_aid_claim_enrolment_id_mutual_aid_enrolment_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."mutual_aid_enrolment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_claim" ADD CONSTRAINT "mutual_aid_claim_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_enrolment" ADD CONSTRAINT "mutual_aid_enrolment_plan_id_mutual_aid_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."mutual_aid_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_enrolment" ADD CONSTRAINT "mutual_aid_enrolment_member_id_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_enrolment" ADD CONSTRAINT "mutual_aid_enrolment_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_group" ADD CONSTRAINT "mutual_aid_group_plan_id_mutual_aid_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."mutual_aid_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_group" ADD CONSTRAINT "mutual_aid_group_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_payment" ADD CONSTRAINT "mutual_aid_payment_enrolment_id_mutual_aid_enrolment_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."mutual_aid_enrolment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_plan" ADD CONSTRAINT "mutual_aid_plan_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_reconciliation" ADD CONSTRAINT "mutual_aid_reconciliation_plan_id_mutual_aid_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."mutual_aid_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mutual_aid_batch_plan_ix" ON "mutual_aid_batch" USING btree ("plan_id","created_at");--> statement-breakpoint
CREATE INDEX "mutual_aid_claim_document_claim_ix" ON "mutual_aid_claim_document" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "mutual_aid_claim_step_claim_ix" ON "mutual_aid_claim_step" USING btree ("claim_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mutual_aid_claim_no_uq" ON "mutual_aid_claim" USING btree ("claim_no");--> statement-breakpoint
CREATE INDEX "mutual_aid_claim_enrolment_ix" ON "mutual_aid_claim" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "mutual_aid_claim_org_ix" ON "mutual_aid_claim" USING btree ("org_id","status","created_at");--> statement-breakpoint
CREATE INDEX "mutual_aid_claim_plan_ix" ON "mutual_aid_claim" USING btree ("plan_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "mutual_aid_claim_settlement_uq" ON "mutual_aid_claim" USING btree ("partner_id","settlement_ref") WHERE "mutual_aid_claim"."source" = 'hospital' and "mutual_aid_claim"."status" = 'settled';--> statement-breakpoint
CREATE INDEX "mutual_aid_claim_hospital_day_ix" ON "mutual_aid_claim" USING btree ("partner_id","created_at") WHERE "mutual_aid_claim"."source" = 'hospital';--> statement-breakpoint
CREATE INDEX "mutual_aid_claim_batch_ix" ON "mutual_aid_claim" USING btree ("batch_id") WHERE "mutual_aid_claim"."batch_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "mutual_aid_enrolment_person_uq" ON "mutual_aid_enrolment" USING btree ("plan_id","cycle_start","id_index") WHERE "mutual_aid_enrolment"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "mutual_aid_enrolment_id_ix" ON "mutual_aid_enrolment" USING btree ("id_index","cycle_end");--> statement-breakpoint
CREATE INDEX "mutual_aid_enrolment_member_ix" ON "mutual_aid_enrolment" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "mutual_aid_enrolment_org_ix" ON "mutual_aid_enrolment" USING btree ("org_id","plan_id","cycle_start");--> statement-breakpoint
CREATE INDEX "mutual_aid_enrolment_group_ix" ON "mutual_aid_enrolment" USING btree ("group_id") WHERE "mutual_aid_enrolment"."group_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "mutual_aid_enrolment_certificate_uq" ON "mutual_aid_enrolment" USING btree ("certificate_no");--> statement-breakpoint
CREATE INDEX "mutual_aid_group_org_ix" ON "mutual_aid_group" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mutual_aid_payment_trade_uq" ON "mutual_aid_payment" USING btree ("out_trade_no");--> statement-breakpoint
CREATE INDEX "mutual_aid_payment_enrolment_ix" ON "mutual_aid_payment" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "mutual_aid_payment_pending_ix" ON "mutual_aid_payment" USING btree ("created_at") WHERE "mutual_aid_payment"."state" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "mutual_aid_plan_code_uq" ON "mutual_aid_plan" USING btree ("code");--> statement-breakpoint
CREATE INDEX "mutual_aid_plan_org_ix" ON "mutual_aid_plan" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mutual_aid_reconciliation_uq" ON "mutual_aid_reconciliation" USING btree ("partner_id","plan_id","day");