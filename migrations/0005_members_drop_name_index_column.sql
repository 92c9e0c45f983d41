-- Nothing ever looked a person up by name alone (the console searches by member number, 身份证号 or
-- phone; probable duplicates go by duplicate_index), yet every join, import and seed paid an HMAC to
-- fill name_index. Dropping a column is a catalogue change: PostgreSQL does not rewrite the table.
ALTER TABLE "member_application" DROP COLUMN "name_index";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "name_index";