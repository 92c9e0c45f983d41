CREATE TABLE "census_coverage" (
	"region_code" text NOT NULL,
	"trade" text NOT NULL,
	"census" integer DEFAULT 0 NOT NULL,
	"members" integer DEFAULT 0 NOT NULL,
	"probable" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "census_coverage_region_code_trade_pk" PRIMARY KEY("region_code","trade")
);
--> statement-breakpoint
CREATE TABLE "census_coverage_month" (
	"month" date NOT NULL,
	"region_code" text NOT NULL,
	"trade" text NOT NULL,
	"census" integer DEFAULT 0 NOT NULL,
	"members" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "census_coverage_month_month_region_code_trade_pk" PRIMARY KEY("month","region_code","trade")
);
--> statement-breakpoint
CREATE TABLE "census_entry" (
	"list_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"row" integer NOT NULL,
	CONSTRAINT "census_entry_list_id_person_id_pk" PRIMARY KEY("list_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "census_feed_cursor" (
	"id" integer PRIMARY KEY NOT NULL,
	"xid" text NOT NULL,
	"seq" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "census_list_error" (
	"list_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"column" text NOT NULL,
	"code" text NOT NULL,
	"message" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "census_list" (
	"id" uuid PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"org_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"trade" text,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"written_rows" integer DEFAULT 0 NOT NULL,
	"error_rows" integer DEFAULT 0 NOT NULL,
	"file_duplicate_rows" integer DEFAULT 0 NOT NULL,
	"warning_rows" integer DEFAULT 0 NOT NULL,
	"new_people" integer DEFAULT 0 NOT NULL,
	"matched_people" integer DEFAULT 0 NOT NULL,
	"probable_people" integer DEFAULT 0 NOT NULL,
	"encoding" text,
	"failure" text,
	"staff_id" uuid,
	"staff_name" text,
	"instance_id" text,
	"owner" text,
	"heartbeat_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"replaced_at" timestamp with time zone,
	"replaced_by" uuid
);
--> statement-breakpoint
CREATE TABLE "census_person" (
	"id" uuid PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"name_cipher" "bytea" NOT NULL,
	"id_number_cipher" "bytea",
	"id_index" "bytea",
	"phone_cipher" "bytea",
	"phone_index" "bytea",
	"phone_name_index" "bytea",
	"trade" text NOT NULL,
	"region_code" text NOT NULL,
	"employer_name" text,
	"member_id" uuid,
	"match" text,
	"member_active" boolean DEFAULT false NOT NULL,
	"rejected_member_id" uuid,
	"outreach" text DEFAULT 'new' NOT NULL,
	"assigned_staff_id" uuid,
	"assigned_staff_name" text,
	"last_contact_at" timestamp with time zone,
	"list_count" integer DEFAULT 0 NOT NULL,
	"last_list_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "census_source" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "census_staged_row" (
	"list_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"existing" boolean DEFAULT false NOT NULL,
	"name_cipher" "bytea" NOT NULL,
	"id_number_cipher" "bytea",
	"id_index" "bytea",
	"phone_cipher" "bytea",
	"phone_index" "bytea",
	"phone_name_index" "bytea",
	"trade" text NOT NULL,
	"region_code" text NOT NULL,
	"employer_name" text,
	CONSTRAINT "census_staged_row_list_id_row_pk" PRIMARY KEY("list_id","row")
);
--> statement-breakpoint
ALTER TABLE "census_list_error" ADD CONSTRAINT "census_list_error_list_id_census_list_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."census_list"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "census_list" ADD CONSTRAINT "census_list_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "census_list" ADD CONSTRAINT "census_list_source_id_census_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."census_source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "census_source" ADD CONSTRAINT "census_source_org_id_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "census_coverage_region_ix" ON "census_coverage" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "census_coverage_month_region_ix" ON "census_coverage_month" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "census_entry_person_ix" ON "census_entry" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "census_list_error_ix" ON "census_list_error" USING btree ("list_id","row");--> statement-breakpoint
CREATE INDEX "census_list_org_ix" ON "census_list" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "census_list_source_ix" ON "census_list" USING btree ("source_id","region_code","trade");--> statement-breakpoint
CREATE UNIQUE INDEX "census_person_id_uq" ON "census_person" USING btree ("id_index") WHERE "census_person"."id_index" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "census_person_phone_name_uq" ON "census_person" USING btree ("phone_name_index") WHERE "census_person"."id_index" is null;--> statement-breakpoint
CREATE INDEX "census_person_phone_name_ix" ON "census_person" USING btree ("phone_name_index");--> statement-breakpoint
CREATE INDEX "census_person_phone_ix" ON "census_person" USING btree ("phone_index");--> statement-breakpoint
CREATE INDEX "census_person_member_ix" ON "census_person" USING btree ("member_id") WHERE "census_person"."member_id" is not null;--> statement-breakpoint
CREATE INDEX "census_person_region_ix" ON "census_person" USING btree ("region_code" text_pattern_ops,"outreach");--> statement-breakpoint
CREATE UNIQUE INDEX "census_source_name_uq" ON "census_source" USING btree ("org_id","name");--> statement-breakpoint
-- The census counted per area and trade (census_coverage) and per month (census_coverage_month), kept
-- by the database in the writing transaction whatever writes census_person: a list counted or
-- replaced, a member matched, a probable match confirmed. A person no list names any more
-- (list_count 0) is kept, with their outreach history, but not counted. Statement-level, groups
-- written in key order.
CREATE FUNCTION census_coverage_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  this_month date := date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date;
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH g AS (
      SELECT region_code, trade, sum(census)::int AS census, sum(members)::int AS members, sum(probable)::int AS probable
      FROM (SELECT region_code, trade, (list_count > 0)::int AS census, coalesce(list_count > 0 AND match IN ('id', 'confirmed') AND member_active, false)::int AS members, (list_count > 0 AND match IS NOT DISTINCT FROM 'probable')::int AS probable FROM new_rows) d
      GROUP BY 1, 2 HAVING sum(census) <> 0 OR sum(members) <> 0 OR sum(probable) <> 0
    ), counted AS (
      INSERT INTO census_coverage (region_code, trade, census, members, probable)
      SELECT region_code, trade, census, members, probable FROM g ORDER BY 1, 2
      ON CONFLICT (region_code, trade) DO UPDATE SET census = census_coverage.census + excluded.census,
        members = census_coverage.members + excluded.members, probable = census_coverage.probable + excluded.probable
    )
    INSERT INTO census_coverage_month (month, region_code, trade, census, members)
    SELECT this_month, region_code, trade, census, members FROM g WHERE census <> 0 OR members <> 0 ORDER BY 2, 3
    ON CONFLICT (month, region_code, trade) DO UPDATE SET census = census_coverage_month.census + excluded.census,
      members = census_coverage_month.members + excluded.members;
  ELSIF TG_OP = 'UPDATE' THEN
    WITH g AS (
      SELECT region_code, trade, sum(census)::int AS census, sum(members)::int AS members, sum(probable)::int AS probable
      FROM (SELECT region_code, trade, (list_count > 0)::int AS census, coalesce(list_count > 0 AND match IN ('id', 'confirmed') AND member_active, false)::int AS members, (list_count > 0 AND match IS NOT DISTINCT FROM 'probable')::int AS probable FROM new_rows
        UNION ALL
        SELECT region_code, trade, -(list_count > 0)::int AS census, -coalesce(list_count > 0 AND match IN ('id', 'confirmed') AND member_active, false)::int AS members, -(list_count > 0 AND match IS NOT DISTINCT FROM 'probable')::int AS probable FROM old_rows) d
      GROUP BY 1, 2 HAVING sum(census) <> 0 OR sum(members) <> 0 OR sum(probable) <> 0
    ), counted AS (
      INSERT INTO census_coverage (region_code, trade, census, members, probable)
      SELECT region_code, trade, census, members, probable FROM g ORDER BY 1, 2
      ON CONFLICT (region_code, trade) DO UPDATE SET census = census_coverage.census + excluded.census,
        members = census_coverage.members + excluded.members, probable = census_coverage.probable + excluded.probable
    )
    INSERT INTO census_coverage_month (month, region_code, trade, census, members)
    SELECT this_month, region_code, trade, census, members FROM g WHERE census <> 0 OR members <> 0 ORDER BY 2, 3
    ON CONFLICT (month, region_code, trade) DO UPDATE SET census = census_coverage_month.census + excluded.census,
      members = census_coverage_month.members + excluded.members;
  ELSE
    WITH g AS (
      SELECT region_code, trade, sum(census)::int AS census, sum(members)::int AS members, sum(probable)::int AS probable
      FROM (SELECT region_code, trade, -(list_count > 0)::int AS census, -coalesce(list_count > 0 AND match IN ('id', 'confirmed') AND member_active, false)::int AS members, -(list_count > 0 AND match IS NOT DISTINCT FROM 'probable')::int AS probable FROM old_rows) d
      GROUP BY 1, 2 HAVING sum(census) <> 0 OR sum(members) <> 0 OR sum(probable) <> 0
    ), counted AS (
      INSERT INTO census_coverage (region_code, trade, census, members, probable)
      SELECT region_code, trade, census, members, probable FROM g ORDER BY 1, 2
      ON CONFLICT (region_code, trade) DO UPDATE SET census = census_coverage.census + excluded.census,
        members = census_coverage.members + excluded.members, probable = census_coverage.probable + excluded.probable
    )
    INSERT INTO census_coverage_month (month, region_code, trade, census, members)
    SELECT this_month, region_code, trade, census, members FROM g WHERE census <> 0 OR members <> 0 ORDER BY 2, 3
    ON CONFLICT (month, region_code, trade) DO UPDATE SET census = census_coverage_month.census + excluded.census,
      members = census_coverage_month.members + excluded.members;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER census_coverage_insert AFTER INSERT ON census_person REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION census_coverage_apply();
--> statement-breakpoint
CREATE TRIGGER census_coverage_update AFTER UPDATE ON census_person REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION census_coverage_apply();
--> statement-breakpoint
CREATE TRIGGER census_coverage_delete AFTER DELETE ON census_person REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION census_coverage_apply();
