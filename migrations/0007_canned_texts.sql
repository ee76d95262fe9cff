-- Tenants' own canned texts for the reply composer (beside the built-in ones).
CREATE TABLE `canned_texts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `canned_texts_tenant` ON `canned_texts` (`tenant_id`,`title`);