DROP INDEX "census_person_phone_name_ix";--> statement-breakpoint
-- A list's staged rows live for the minutes of its reading and are thrown away once it is counted; a
-- crashed database would fail the list anyway (its process is gone). Unlogged, the million rows of a
-- large list are not written twice (table and WAL).
ALTER TABLE "census_staged_row" SET UNLOGGED;
