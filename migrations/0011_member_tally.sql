CREATE TABLE "member_change" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"member_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_tally" (
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"trade" text NOT NULL,
	"new_form" boolean NOT NULL,
	"month" date NOT NULL,
	"members" integer DEFAULT 0 NOT NULL,
	"joined" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "member_tally_org_id_region_code_trade_new_form_month_pk" PRIMARY KEY("org_id","region_code","trade","new_form","month")
);
--> statement-breakpoint
CREATE INDEX "member_change_xid_ix" ON "member_change" USING btree ("xid","seq");--> statement-breakpoint
CREATE INDEX "member_change_at_ix" ON "member_change" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "member_tally_region_ix" ON "member_tally" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
-- The roll's counts and change feed, kept by the database itself: every write to `member` (a join, an
-- import's COPY, a status change, a transfer) adjusts member_tally in its own transaction, so the
-- counts can never drift from the roll, and notes each member it touched in member_change.
-- Statement-level with transition tables: an import of a million rows is one grouped insert, not a
-- million; groups are written in key order, so two writers take the tally's row locks in one order.
CREATE FUNCTION member_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO member_tally (org_id, region_code, trade, new_form, month, members, joined)
    SELECT org_id, work_region_code, trade, new_form,
           date_trunc('month', joined_at AT TIME ZONE 'Asia/Shanghai')::date,
           count(*) FILTER (WHERE status IN ('active', 'suspended')), count(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (org_id, region_code, trade, new_form, month) DO UPDATE
      SET members = member_tally.members + excluded.members, joined = member_tally.joined + excluded.joined;
    INSERT INTO member_change (member_id) SELECT id FROM new_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO member_tally (org_id, region_code, trade, new_form, month, members, joined)
    SELECT org_id, region_code, trade, new_form, month, sum(members), sum(joined) FROM (
      SELECT org_id, work_region_code AS region_code, trade, new_form,
             date_trunc('month', joined_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
             (status IN ('active', 'suspended'))::int AS members, 1 AS joined
      FROM new_rows
      UNION ALL
      SELECT org_id, work_region_code, trade, new_form,
             date_trunc('month', joined_at AT TIME ZONE 'Asia/Shanghai')::date,
             -(status IN ('active', 'suspended'))::int, -1
      FROM old_rows
    ) d GROUP BY 1, 2, 3, 4, 5 HAVING sum(members) <> 0 OR sum(joined) <> 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (org_id, region_code, trade, new_form, month) DO UPDATE
      SET members = member_tally.members + excluded.members, joined = member_tally.joined + excluded.joined;
    INSERT INTO member_change (member_id) SELECT id FROM new_rows;
  ELSE
    INSERT INTO member_tally (org_id, region_code, trade, new_form, month, members, joined)
    SELECT org_id, work_region_code, trade, new_form,
           date_trunc('month', joined_at AT TIME ZONE 'Asia/Shanghai')::date,
           -count(*) FILTER (WHERE status IN ('active', 'suspended')), -count(*)
    FROM old_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (org_id, region_code, trade, new_form, month) DO UPDATE
      SET members = member_tally.members + excluded.members, joined = member_tally.joined + excluded.joined;
    INSERT INTO member_change (member_id) SELECT id FROM old_rows;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER member_tally_insert AFTER INSERT ON member REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION member_tally_apply();
--> statement-breakpoint
CREATE TRIGGER member_tally_update AFTER UPDATE ON member REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION member_tally_apply();
--> statement-breakpoint
CREATE TRIGGER member_tally_delete AFTER DELETE ON member REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION member_tally_apply();
--> statement-breakpoint
-- The roll as it stands when the tally starts.
INSERT INTO member_tally (org_id, region_code, trade, new_form, month, members, joined)
SELECT org_id, work_region_code, trade, new_form,
       date_trunc('month', joined_at AT TIME ZONE 'Asia/Shanghai')::date,
       count(*) FILTER (WHERE status IN ('active', 'suspended')), count(*)
FROM member GROUP BY 1, 2, 3, 4, 5;
