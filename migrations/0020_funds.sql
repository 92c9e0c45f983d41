CREATE TABLE "fund_balance" (
	"fund_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"received_fen" bigint DEFAULT 0 NOT NULL,
	"passed_on_fen" bigint DEFAULT 0 NOT NULL,
	"spent_fen" bigint DEFAULT 0 NOT NULL,
	"available_fen" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_balance_fund_id_org_id_pk" PRIMARY KEY("fund_id","org_id"),
	CONSTRAINT "fund_balance_adds_up" CHECK ("fund_balance"."available_fen" = "fund_balance"."received_fen" - "fund_balance"."passed_on_fen" - "fund_balance"."spent_fen"),
	CONSTRAINT "fund_balance_not_negative" CHECK ("fund_balance"."available_fen" >= 0 and "fund_balance"."received_fen" >= 0 and "fund_balance"."passed_on_fen" >= 0 and "fund_balance"."spent_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "fund_source" (
	"id" uuid PRIMARY KEY NOT NULL,
	"fund_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_transfer" (
	"id" uuid PRIMARY KEY NOT NULL,
	"fund_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"debit_org_id" uuid NOT NULL,
	"debit_account" text NOT NULL,
	"credit_org_id" uuid NOT NULL,
	"credit_account" text NOT NULL,
	"debit_available_after" bigint,
	"credit_available_after" bigint,
	"source_id" uuid,
	"reverses_id" uuid,
	"ref_module" text,
	"ref_type" text,
	"ref_id" text,
	"payee" text,
	"memo" text,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"request_id" text,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_transfer_amount_positive" CHECK ("fund_transfer"."amount_fen" > 0),
	CONSTRAINT "fund_transfer_balanced_by_kind" CHECK (case "fund_transfer"."kind"
        when 'source' then "fund_transfer"."debit_org_id" = "fund_transfer"."credit_org_id" and (
          ("fund_transfer"."reverses_id" is null and "fund_transfer"."debit_account" = 'holding' and "fund_transfer"."credit_account" = 'source' and "fund_transfer"."source_id" is not null)
          or ("fund_transfer"."reverses_id" is not null and "fund_transfer"."debit_account" = 'source' and "fund_transfer"."credit_account" = 'holding'))
        when 'allocation' then "fund_transfer"."debit_org_id" <> "fund_transfer"."credit_org_id" and "fund_transfer"."debit_account" = 'holding' and "fund_transfer"."credit_account" = 'holding'
        when 'disbursement' then "fund_transfer"."debit_org_id" = "fund_transfer"."credit_org_id" and (
          ("fund_transfer"."reverses_id" is null and "fund_transfer"."debit_account" = 'spent' and "fund_transfer"."credit_account" = 'holding')
          or ("fund_transfer"."reverses_id" is not null and "fund_transfer"."debit_account" = 'holding' and "fund_transfer"."credit_account" = 'spent'))
        else false end)
);
--> statement-breakpoint
CREATE TABLE "fund" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fund_balance" ADD CONSTRAINT "fund_balance_fund_id_fund_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."fund"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_balance" ADD CONSTRAINT "fund_balance_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_source" ADD CONSTRAINT "fund_source_fund_id_fund_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."fund"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_transfer" ADD CONSTRAINT "fund_transfer_fund_id_fund_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."fund"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_transfer" ADD CONSTRAINT "fund_transfer_debit_org_id_org_id_fk" FOREIGN KEY ("debit_org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_transfer" ADD CONSTRAINT "fund_transfer_credit_org_id_org_id_fk" FOREIGN KEY ("credit_org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_transfer" ADD CONSTRAINT "fund_transfer_source_id_fund_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."fund_source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_transfer" ADD CONSTRAINT "fund_transfer_reverses_id_fund_transfer_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."fund_transfer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund" ADD CONSTRAINT "fund_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fund_balance_org_ix" ON "fund_balance" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_source_name_uq" ON "fund_source" USING btree ("fund_id","name");--> statement-breakpoint
CREATE INDEX "fund_transfer_debit_ix" ON "fund_transfer" USING btree ("fund_id","debit_org_id","id");--> statement-breakpoint
CREATE INDEX "fund_transfer_credit_ix" ON "fund_transfer" USING btree ("fund_id","credit_org_id","id");--> statement-breakpoint
CREATE INDEX "fund_transfer_ref_ix" ON "fund_transfer" USING btree ("ref_module","ref_type","ref_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_transfer_reverses_uq" ON "fund_transfer" USING btree ("reverses_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_transfer_idempotency_uq" ON "fund_transfer" USING btree ("fund_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_org_name_uq" ON "fund" USING btree ("org_id","name");--> statement-breakpoint
-- The funds journal is append-only: a mistake is undone by a reversal, never by changing or removing a line.
CREATE FUNCTION fund_transfer_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'fund_transfer is append-only: reverse a line instead' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER fund_transfer_no_update BEFORE UPDATE OR DELETE ON fund_transfer FOR EACH ROW EXECUTE FUNCTION fund_transfer_refuse_change();
--> statement-breakpoint
CREATE TRIGGER fund_transfer_no_truncate BEFORE TRUNCATE ON fund_transfer FOR EACH STATEMENT EXECUTE FUNCTION fund_transfer_refuse_change();
