CREATE TABLE "file_column_mapping" (
	"staff_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"header" text NOT NULL,
	"field" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "file_column_mapping_staff_id_kind_header_pk" PRIMARY KEY("staff_id","kind","header")
);
--> statement-breakpoint
CREATE TABLE "member_import_row" (
	"id" uuid PRIMARY KEY NOT NULL,
	"member_no" text NOT NULL,
	"province_code" text NOT NULL,
	"org_id" uuid NOT NULL,
	"status" text NOT NULL,
	"name_cipher" "bytea",
	"id_number_cipher" "bytea",
	"id_index" "bytea",
	"phone_cipher" "bytea",
	"phone_index" "bytea",
	"duplicate_index" "bytea",
	"gender" text,
	"birth_date" date,
	"trade" text NOT NULL,
	"employer_name" text,
	"employer_uscc" text,
	"work_region_code" text NOT NULL,
	"work_address_cipher" "bytea",
	"work_lat" double precision,
	"work_lng" double precision,
	"new_form" boolean NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"import_id" uuid NOT NULL,
	"row" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_import" ADD COLUMN "file_duplicate_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_import" ADD COLUMN "warning_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_import" ADD COLUMN "encoding" text;--> statement-breakpoint
ALTER TABLE "member_import" ADD COLUMN "owner" text;--> statement-breakpoint
CREATE INDEX "member_import_row_import_ix" ON "member_import_row" USING btree ("import_id");