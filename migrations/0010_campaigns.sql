CREATE TABLE "auth_rate_counter" (
	"bucket" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL,
	CONSTRAINT "auth_rate_counter_bucket_window_start_pk" PRIMARY KEY("bucket","window_start")
);
--> statement-breakpoint
CREATE TABLE "campaign_day" (
	"campaign_id" uuid NOT NULL,
	"day" date NOT NULL,
	"issued" integer DEFAULT 0 NOT NULL,
	"sold_out_at" timestamp with time zone,
	CONSTRAINT "campaign_day_campaign_id_day_pk" PRIMARY KEY("campaign_id","day")
);
--> statement-breakpoint
CREATE TABLE "campaign" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"rule" jsonb NOT NULL,
	"threshold_fen" integer NOT NULL,
	"discount_fen" integer NOT NULL,
	"daily_quota" integer,
	"per_member_period" text NOT NULL,
	"per_member_limit" smallint NOT NULL,
	"release_time" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"budget_fen" bigint,
	"valid_days" smallint NOT NULL,
	"require_sms_code" boolean DEFAULT false NOT NULL,
	"channel" text DEFAULT 'platform' NOT NULL,
	"channel_stock_id" text,
	"issued_count" integer DEFAULT 0 NOT NULL,
	"issued_fen" bigint DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_channel_event" (
	"event_id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_channel_user" (
	"account_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"app_id" text NOT NULL,
	"user_ref" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_channel_user_account_id_channel_pk" PRIMARY KEY("account_id","channel")
);
--> statement-breakpoint
CREATE TABLE "campaign_claim_flag" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"member_id" uuid,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"details" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_coupon" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"period" text NOT NULL,
	"slot" smallint NOT NULL,
	"day" date NOT NULL,
	"code" text NOT NULL,
	"threshold_fen" integer NOT NULL,
	"discount_fen" integer NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"org_id" uuid NOT NULL,
	"trade" text NOT NULL,
	"region_code" text NOT NULL,
	"joined_during" boolean NOT NULL,
	"ms_after_release" integer NOT NULL,
	"ip" text,
	"device_id" text,
	"external_coupon_id" text,
	"channel_state" text DEFAULT 'none' NOT NULL,
	"channel_attempts" smallint DEFAULT 0 NOT NULL,
	"redeemed_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"void_reason" text
);
--> statement-breakpoint
CREATE TABLE "campaign_redemption" (
	"id" uuid PRIMARY KEY NOT NULL,
	"coupon_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"partner_id" uuid,
	"channel_merchant_id" text,
	"order_ref" text,
	"order_amount_fen" integer,
	"discount_fen" integer NOT NULL,
	"day" date NOT NULL,
	"source" text NOT NULL,
	"redeemed_at" timestamp with time zone NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text
);
--> statement-breakpoint
ALTER TABLE "campaign_day" ADD CONSTRAINT "campaign_day_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_coupon" ADD CONSTRAINT "campaign_coupon_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_coupon" ADD CONSTRAINT "campaign_coupon_member_id_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_redemption" ADD CONSTRAINT "campaign_redemption_coupon_id_campaign_coupon_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."campaign_coupon"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_org_ix" ON "campaign" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "campaign_live_ix" ON "campaign" USING btree ("status","ends_on");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_claim_flag_open_uq" ON "campaign_claim_flag" USING btree ("account_id","kind") WHERE "campaign_claim_flag"."status" = 'open';--> statement-breakpoint
CREATE INDEX "campaign_claim_flag_org_ix" ON "campaign_claim_flag" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "campaign_claim_flag_blocked_ix" ON "campaign_claim_flag" USING btree ("account_id") WHERE "campaign_claim_flag"."status" = 'blocked';--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_coupon_limit_uq" ON "campaign_coupon" USING btree ("campaign_id","member_id","period","slot");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_coupon_code_uq" ON "campaign_coupon" USING btree ("code");--> statement-breakpoint
CREATE INDEX "campaign_coupon_account_ix" ON "campaign_coupon" USING btree ("account_id","issued_at");--> statement-breakpoint
CREATE INDEX "campaign_coupon_expiry_ix" ON "campaign_coupon" USING btree ("expires_at") WHERE "campaign_coupon"."status" = 'issued';--> statement-breakpoint
CREATE INDEX "campaign_coupon_channel_ix" ON "campaign_coupon" USING btree ("id") WHERE "campaign_coupon"."channel_state" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_coupon_external_uq" ON "campaign_coupon" USING btree ("external_coupon_id") WHERE "campaign_coupon"."external_coupon_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_redemption_live_uq" ON "campaign_redemption" USING btree ("coupon_id") WHERE "campaign_redemption"."voided_at" is null;--> statement-breakpoint
CREATE INDEX "campaign_redemption_partner_day_ix" ON "campaign_redemption" USING btree ("partner_id","day");--> statement-breakpoint
CREATE INDEX "campaign_redemption_campaign_day_ix" ON "campaign_redemption" USING btree ("campaign_id","day");