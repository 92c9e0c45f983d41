-- The audit chain becomes an HMAC under a key held outside the database (ADR 0003). Records already
-- written keep their plain SHA-256 links; the cut-over is the next sequence number, recorded once here.
ALTER TABLE "audit_log" ADD COLUMN "key_id" text;--> statement-breakpoint
ALTER TABLE "audit_head" ADD COLUMN "keyed_from_seq" bigint;--> statement-breakpoint
UPDATE "audit_head" SET "keyed_from_seq" = "last_seq" + 1;--> statement-breakpoint
ALTER TABLE "audit_head" ALTER COLUMN "keyed_from_seq" SET NOT NULL;
