CREATE TABLE "census_area_coverage" (
	"depth" smallint NOT NULL,
	"area_code" text NOT NULL,
	"trade" text NOT NULL,
	"census" integer NOT NULL,
	"members" integer NOT NULL,
	"probable" integer NOT NULL,
	"pending" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "census_area_month" (
	"depth" smallint NOT NULL,
	"area_code" text NOT NULL,
	"trade" text NOT NULL,
	"month" date NOT NULL,
	"census" integer NOT NULL,
	"members" integer NOT NULL,
	"pending" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_area_month" (
	"depth" smallint NOT NULL,
	"area_code" text NOT NULL,
	"trade" text NOT NULL,
	"new_form" boolean NOT NULL,
	"month" date NOT NULL,
	"joined" integer NOT NULL,
	"pending" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_area_tally" (
	"depth" smallint NOT NULL,
	"area_code" text NOT NULL,
	"trade" text NOT NULL,
	"new_form" boolean NOT NULL,
	"members" integer NOT NULL,
	"pending" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_org_month" (
	"org_id" uuid NOT NULL,
	"trade" text NOT NULL,
	"month" date NOT NULL,
	"joined" integer NOT NULL,
	"pending" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE INDEX "census_area_coverage_area_ix" ON "census_area_coverage" USING btree ("depth","area_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "census_area_coverage_pending_ix" ON "census_area_coverage" USING btree ("pending") WHERE "census_area_coverage"."pending";--> statement-breakpoint
CREATE INDEX "census_area_month_area_ix" ON "census_area_month" USING btree ("depth","area_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "census_area_month_pending_ix" ON "census_area_month" USING btree ("pending") WHERE "census_area_month"."pending";--> statement-breakpoint
CREATE INDEX "member_area_month_area_ix" ON "member_area_month" USING btree ("depth","area_code" text_pattern_ops,"month");--> statement-breakpoint
CREATE INDEX "member_area_month_pending_ix" ON "member_area_month" USING btree ("pending") WHERE "member_area_month"."pending";--> statement-breakpoint
CREATE INDEX "member_area_tally_area_ix" ON "member_area_tally" USING btree ("depth","area_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "member_area_tally_pending_ix" ON "member_area_tally" USING btree ("pending") WHERE "member_area_tally"."pending";--> statement-breakpoint
CREATE INDEX "member_org_month_org_ix" ON "member_org_month" USING btree ("org_id","month");--> statement-breakpoint
CREATE INDEX "member_org_month_pending_ix" ON "member_org_month" USING btree ("pending") WHERE "member_org_month"."pending";--> statement-breakpoint
-- The roll and the census counted per area at every depth of its code (0 the country, 2 a province, 4
-- a city, 6 a district, 9 a street: the first `depth` digits of the place), so that a province's
-- dashboard reads a few hundred rows by key instead of summing every street's. The triggers only
-- append signed rows: none ever updates a row, so neither an import's long transaction nor a burst
-- of joins in one province waits on another writer; a job folds each key's pending rows into one.
CREATE OR REPLACE FUNCTION member_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT *, 1 AS sign FROM new_rows'
    WHEN 'UPDATE' THEN 'SELECT *, 1 AS sign FROM new_rows UNION ALL SELECT *, -1 FROM old_rows'
    ELSE 'SELECT *, -1 AS sign FROM old_rows' END;
BEGIN
  EXECUTE format($sql$
    WITH d AS (
      SELECT org_id, work_region_code AS region_code, trade, new_form,
             date_trunc('month', joined_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
             sum(sign * (status IN ('active', 'suspended'))::int)::int AS members, sum(sign)::int AS joined
      FROM (%s) c GROUP BY 1, 2, 3, 4, 5
    ), areas AS (
      SELECT l.depth::smallint AS depth, left(d.region_code, l.depth) AS area_code, d.trade, d.new_form, d.month, d.members, d.joined
      FROM d CROSS JOIN (VALUES (0), (2), (4), (6), (9)) AS l(depth)
    ), tally AS (
      INSERT INTO member_area_tally (depth, area_code, trade, new_form, members)
      SELECT depth, area_code, trade, new_form, sum(members) FROM areas GROUP BY 1, 2, 3, 4 HAVING sum(members) <> 0
    ), months AS (
      INSERT INTO member_area_month (depth, area_code, trade, new_form, month, joined)
      SELECT depth, area_code, trade, new_form, month, sum(joined) FROM areas GROUP BY 1, 2, 3, 4, 5 HAVING sum(joined) <> 0
    )
    INSERT INTO member_org_month (org_id, trade, month, joined)
    SELECT org_id, trade, month, sum(joined) FROM d GROUP BY 1, 2, 3 HAVING sum(joined) <> 0
  $sql$, changed);
  EXECUTE 'INSERT INTO member_change (member_id) SELECT id FROM ' || CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION census_coverage_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT *, 1 AS sign FROM new_rows'
    WHEN 'UPDATE' THEN 'SELECT *, 1 AS sign FROM new_rows UNION ALL SELECT *, -1 FROM old_rows'
    ELSE 'SELECT *, -1 AS sign FROM old_rows' END;
BEGIN
  -- A person no list names any more (list_count 0) is kept, with their outreach history, but not counted.
  EXECUTE format($sql$
    WITH d AS (
      SELECT region_code, trade,
             sum(sign * (list_count > 0)::int)::int AS census,
             sum(sign * coalesce(list_count > 0 AND match IN ('id', 'confirmed') AND member_active, false)::int)::int AS members,
             sum(sign * (list_count > 0 AND match IS NOT DISTINCT FROM 'probable')::int)::int AS probable
      FROM (%s) c GROUP BY 1, 2
    ), areas AS (
      SELECT l.depth::smallint AS depth, left(d.region_code, l.depth) AS area_code, d.trade, d.census, d.members, d.probable
      FROM d CROSS JOIN (VALUES (0), (2), (4), (6), (9)) AS l(depth)
      WHERE d.census <> 0 OR d.members <> 0 OR d.probable <> 0
    ), counted AS (
      INSERT INTO census_area_coverage (depth, area_code, trade, census, members, probable)
      SELECT depth, area_code, trade, sum(census), sum(members), sum(probable) FROM areas GROUP BY 1, 2, 3
    )
    INSERT INTO census_area_month (depth, area_code, trade, month, census, members)
    SELECT depth, area_code, trade, %L::date, sum(census), sum(members) FROM areas GROUP BY 1, 2, 3
    HAVING sum(census) <> 0 OR sum(members) <> 0
  $sql$, changed, date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The counts as they stand, from the tallies they replace (the census's months cannot be told again
-- from its people).
INSERT INTO member_area_tally (depth, area_code, trade, new_form, members, pending)
SELECT l.depth, left(t.region_code, l.depth), t.trade, t.new_form, sum(t.members), false
FROM member_tally t CROSS JOIN (VALUES (0), (2), (4), (6), (9)) AS l(depth)
GROUP BY 1, 2, 3, 4 HAVING sum(t.members) <> 0;
--> statement-breakpoint
INSERT INTO member_area_month (depth, area_code, trade, new_form, month, joined, pending)
SELECT l.depth, left(t.region_code, l.depth), t.trade, t.new_form, t.month, sum(t.joined), false
FROM member_tally t CROSS JOIN (VALUES (0), (2), (4), (6), (9)) AS l(depth)
GROUP BY 1, 2, 3, 4, 5 HAVING sum(t.joined) <> 0;
--> statement-breakpoint
INSERT INTO member_org_month (org_id, trade, month, joined, pending)
SELECT org_id, trade, month, sum(joined), false FROM member_tally GROUP BY 1, 2, 3 HAVING sum(joined) <> 0;
--> statement-breakpoint
INSERT INTO census_area_coverage (depth, area_code, trade, census, members, probable, pending)
SELECT l.depth, left(t.region_code, l.depth), t.trade, sum(t.census), sum(t.members), sum(t.probable), false
FROM census_coverage t CROSS JOIN (VALUES (0), (2), (4), (6), (9)) AS l(depth)
GROUP BY 1, 2, 3 HAVING sum(t.census) <> 0 OR sum(t.members) <> 0 OR sum(t.probable) <> 0;
--> statement-breakpoint
INSERT INTO census_area_month (depth, area_code, trade, month, census, members, pending)
SELECT l.depth, left(t.region_code, l.depth), t.trade, t.month, sum(t.census), sum(t.members), false
FROM census_coverage_month t CROSS JOIN (VALUES (0), (2), (4), (6), (9)) AS l(depth)
GROUP BY 1, 2, 3, 4 HAVING sum(t.census) <> 0 OR sum(t.members) <> 0;
