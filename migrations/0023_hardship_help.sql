CREATE TABLE "hardship_callback" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"week" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"satisfaction" integer,
	"problems" text,
	"called_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hardship_contact" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"contacted_on" date NOT NULL,
	"helper_name" text NOT NULL,
	"done" text NOT NULL,
	"needs" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hardship_helper" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone_cipher" "bytea" NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hardship_need" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"content" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"answer" text,
	"answered_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "hardship_setting" ADD COLUMN "callback_share_pct" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "hardship_callback" ADD CONSTRAINT "hardship_callback_file_id_hardship_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."hardship_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_callback" ADD CONSTRAINT "hardship_callback_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_contact" ADD CONSTRAINT "hardship_contact_file_id_hardship_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."hardship_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_helper" ADD CONSTRAINT "hardship_helper_file_id_hardship_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."hardship_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_need" ADD CONSTRAINT "hardship_need_file_id_hardship_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."hardship_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_callback_week_uq" ON "hardship_callback" USING btree ("file_id","week");--> statement-breakpoint
CREATE INDEX "hardship_callback_org_ix" ON "hardship_callback" USING btree ("org_id","week");--> statement-breakpoint
CREATE INDEX "hardship_contact_file_ix" ON "hardship_contact" USING btree ("file_id","contacted_on");--> statement-breakpoint
CREATE INDEX "hardship_helper_file_ix" ON "hardship_helper" USING btree ("file_id") WHERE "hardship_helper"."active";--> statement-breakpoint
CREATE INDEX "hardship_need_file_ix" ON "hardship_need" USING btree ("file_id");