-- Indexes for lookups that read a whole tenant, found with EXPLAIN QUERY PLAN over every
-- statement the test suite runs. D1 plans without statistics, so SQLite rates an index that
-- only starts with tenant_id as good as a full match on another, and it took
--   deliveries_article (tenant_id) over deliveries_mail (mail_id) to deliver, retry or bounce a
--     mail: every delivery of the tenant read per mail;
--   the user_emails/user_phones primary keys (tenant_id) over *_user (user_id) for a page of
--     users: every address of the tenant read;
-- and sessions had no index for signing one user out (a scan over all tenants' sessions), nor
-- users one for a customer's company (what a customer who sees the company's tickets may see).
-- Keyed by (tenant_id, x), the right index matches both terms and wins. Bounces now find their
-- deliveries through the mail, so deliveries_message_recipient goes. The lists of users (by
-- name) and of outgoing mail (newest first, all or by status) get an index in their order
-- instead of sorting all the tenant's rows for each page.
DROP INDEX `user_emails_user`;--> statement-breakpoint
CREATE INDEX `user_emails_tenant_user` ON `user_emails` (`tenant_id`,`user_id`);--> statement-breakpoint
DROP INDEX `user_phones_user`;--> statement-breakpoint
CREATE INDEX `user_phones_tenant_user` ON `user_phones` (`tenant_id`,`user_id`);--> statement-breakpoint
DROP INDEX `deliveries_mail`;--> statement-breakpoint
DROP INDEX `deliveries_message_recipient`;--> statement-breakpoint
CREATE INDEX `deliveries_tenant_mail` ON `deliveries` (`tenant_id`,`mail_id`);--> statement-breakpoint
CREATE INDEX `sessions_tenant_user` ON `sessions` (`tenant_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `users_tenant_name` ON `users` (`tenant_id`,`name`);--> statement-breakpoint
CREATE INDEX `users_tenant_company` ON `users` (`tenant_id`,`company`);--> statement-breakpoint
CREATE INDEX `outbound_mails_tenant` ON `outbound_mails` (`tenant_id`);--> statement-breakpoint
CREATE INDEX `outbound_mails_tenant_status` ON `outbound_mails` (`tenant_id`,`status`);