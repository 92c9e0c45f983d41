CREATE TABLE "station_opening" (
	"station_id" uuid NOT NULL,
	"amenity" text DEFAULT '' NOT NULL,
	"start_minute" integer NOT NULL,
	"end_minute" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"host" text,
	"address" text NOT NULL,
	"region_code" text NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"position" "cube" GENERATED ALWAYS AS (cube(array[cos(radians(lat)) * cos(radians(lng)), cos(radians(lat)) * sin(radians(lng)), sin(radians(lat))])) STORED NOT NULL,
	"hours" jsonb NOT NULL,
	"amenity_hours" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"amenities" text[] DEFAULT '{}' NOT NULL,
	"area_m2" integer,
	"phone" text,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "station_opening" ADD CONSTRAINT "station_opening_station_id_station_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."station"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station" ADD CONSTRAINT "station_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "station_opening_ix" ON "station_opening" USING btree ("station_id","amenity","start_minute");--> statement-breakpoint
CREATE INDEX "station_position_ix" ON "station" USING gist ("position");--> statement-breakpoint
CREATE INDEX "station_org_ix" ON "station" USING btree ("org_id");