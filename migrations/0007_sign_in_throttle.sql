-- Staff sign-in no longer locks an account after five failures (anyone could keep any named account
-- locked): failures slow down per-key throttles that leak away with time, and browsers where an account
-- signed in before are known devices, exempt from the account's throttle (issue 13, point 5; ADR 0009).
-- The lock columns go; a lock still running when this migrates is simply lifted.
CREATE TABLE "auth_known_device" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" "bytea" NOT NULL,
	"principal_kind" text NOT NULL,
	"principal_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_sign_in_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"score" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "auth_known_device_token_uq" ON "auth_known_device" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "auth_known_device_principal_ix" ON "auth_known_device" USING btree ("principal_kind","principal_id");--> statement-breakpoint
ALTER TABLE "staff_account" DROP COLUMN "failed_attempts";--> statement-breakpoint
ALTER TABLE "staff_account" DROP COLUMN "locked_until";