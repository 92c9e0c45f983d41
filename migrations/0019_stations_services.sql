CREATE TABLE "stored_file" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"org_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_event_signup" (
	"event_id" uuid NOT NULL,
	"day" date NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_event_signup_event_id_day_account_id_pk" PRIMARY KEY("event_id","day","account_id")
);
--> statement-breakpoint
CREATE TABLE "station_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"topics" text[] DEFAULT '{}' NOT NULL,
	"description" text,
	"recurrence" jsonb,
	"from_day" date NOT NULL,
	"until_day" date,
	"starts" text NOT NULL,
	"ends" text NOT NULL,
	"capacity" integer,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_inspection" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"inspector_id" uuid,
	"inspector_name" text NOT NULL,
	"results" jsonb NOT NULL,
	"conclusion" text NOT NULL,
	"rectify_by" date,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_order" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"slot_at" timestamp with time zone NOT NULL,
	"note" text,
	"status" text DEFAULT 'ordered' NOT NULL,
	"assignee_staff_id" uuid,
	"assignee_name" text,
	"accepted_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"cancel_reason" text,
	"rating" integer,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_photo" (
	"id" uuid PRIMARY KEY NOT NULL,
	"station_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"caption" text,
	"position" integer DEFAULT 0 NOT NULL,
	"inspection_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_service" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"description" text,
	"duration_minutes" integer DEFAULT 60 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_standard" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"items" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_visit" (
	"station_id" uuid NOT NULL,
	"day" date NOT NULL,
	"account_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_visit_station_id_day_account_id_pk" PRIMARY KEY("station_id","day","account_id")
);
--> statement-breakpoint
ALTER TABLE "station_event_signup" ADD CONSTRAINT "station_event_signup_event_id_station_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."station_event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_event" ADD CONSTRAINT "station_event_station_id_station_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."station"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_inspection" ADD CONSTRAINT "station_inspection_station_id_station_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."station"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_order" ADD CONSTRAINT "station_order_station_id_station_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."station"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_order" ADD CONSTRAINT "station_order_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_order" ADD CONSTRAINT "station_order_service_id_station_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."station_service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_photo" ADD CONSTRAINT "station_photo_station_id_station_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."station"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_photo" ADD CONSTRAINT "station_photo_file_id_stored_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_photo" ADD CONSTRAINT "station_photo_inspection_id_station_inspection_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."station_inspection"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_service" ADD CONSTRAINT "station_service_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_standard" ADD CONSTRAINT "station_standard_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_visit" ADD CONSTRAINT "station_visit_station_id_station_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."station"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stored_file_sha256_ix" ON "stored_file" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "station_event_signup_account_ix" ON "station_event_signup" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "station_event_station_ix" ON "station_event" USING btree ("station_id","from_day");--> statement-breakpoint
CREATE INDEX "station_inspection_station_ix" ON "station_inspection" USING btree ("station_id","visited_on");--> statement-breakpoint
CREATE UNIQUE INDEX "station_order_slot_uq" ON "station_order" USING btree ("account_id","station_id","service_id","slot_at") WHERE status in ('ordered', 'accepted');--> statement-breakpoint
CREATE INDEX "station_order_org_ix" ON "station_order" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "station_order_account_ix" ON "station_order" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "station_order_station_ix" ON "station_order" USING btree ("station_id","slot_at");--> statement-breakpoint
CREATE INDEX "station_photo_station_ix" ON "station_photo" USING btree ("station_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "station_service_org_name_uq" ON "station_service" USING btree ("org_id","name");