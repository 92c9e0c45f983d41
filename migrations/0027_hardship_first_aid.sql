ALTER TABLE "hardship_file" ADD COLUMN "first_aid_on" date;--> statement-breakpoint
-- Files paid before the column existed: their first aid, from the aid records.
UPDATE "hardship_file" f SET "first_aid_on" = a.first_paid
  FROM (SELECT "file_id", min("paid_on") AS first_paid FROM "hardship_aid" WHERE "status" = 'paid' GROUP BY "file_id") a
 WHERE a."file_id" = f."id";
