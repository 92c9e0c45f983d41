ALTER TABLE "auth_session" ADD COLUMN "wechat_app_id" text;--> statement-breakpoint
ALTER TABLE "auth_session" ADD COLUMN "wechat_openid" text;--> statement-breakpoint
ALTER TABLE "auth_session" ADD CONSTRAINT "auth_session_wechat_pair" CHECK (("auth_session"."wechat_app_id" is null) = ("auth_session"."wechat_openid" is null));