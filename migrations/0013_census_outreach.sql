CREATE TABLE "census_contact" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"staff_id" uuid,
	"staff_name" text,
	"outcome" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "census_invitation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"campaign" text NOT NULL,
	"token_hash" "bytea" NOT NULL,
	"staff_id" uuid,
	"staff_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"joined_at" timestamp with time zone,
	"member_id" uuid
);
--> statement-breakpoint
CREATE TABLE "census_target" (
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"trade" text DEFAULT '' NOT NULL,
	"target" integer NOT NULL,
	"set_by" uuid,
	"set_by_name" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "census_target_org_id_year_trade_pk" PRIMARY KEY("org_id","year","trade")
);
--> statement-breakpoint
ALTER TABLE "census_contact" ADD CONSTRAINT "census_contact_person_id_census_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."census_person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "census_invitation" ADD CONSTRAINT "census_invitation_person_id_census_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."census_person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "census_invitation" ADD CONSTRAINT "census_invitation_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "census_target" ADD CONSTRAINT "census_target_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "census_contact_person_ix" ON "census_contact" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "census_invitation_token_uq" ON "census_invitation" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "census_invitation_person_ix" ON "census_invitation" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "census_invitation_campaign_ix" ON "census_invitation" USING btree ("org_id","campaign");