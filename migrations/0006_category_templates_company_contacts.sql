-- Issue 4 gaps: templates overridable per category (category 0 = tenant-wide, as for rules),
-- and customers flagged as their company's contact.
--
-- SQLite cannot change a primary key in place: the table is rebuilt and every existing
-- template is kept as the tenant-wide one. drizzle-kit's generated copy selected the new
-- column from the old table; it is filled with 0 here instead. No table has a foreign key to
-- this one, so the PRAGMA foreign_keys pair drizzle-kit adds is not needed (D1 ignores it
-- inside the migration's transaction anyway).
CREATE TABLE `__new_notification_templates` (
	`tenant_id` integer NOT NULL,
	`event` text NOT NULL,
	`category_id` integer DEFAULT 0 NOT NULL,
	`locale` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `event`, `category_id`, `locale`)
);
--> statement-breakpoint
INSERT INTO `__new_notification_templates`("tenant_id", "event", "category_id", "locale", "subject", "body", "updated_at") SELECT "tenant_id", "event", 0, "locale", "subject", "body", "updated_at" FROM `notification_templates`;--> statement-breakpoint
DROP TABLE `notification_templates`;--> statement-breakpoint
ALTER TABLE `__new_notification_templates` RENAME TO `notification_templates`;--> statement-breakpoint
ALTER TABLE `users` ADD `company_contact` integer DEFAULT false NOT NULL;
