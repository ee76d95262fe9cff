-- Customer portal sign-in links (issue 5). Only a hash of the link's token is stored;
-- a link works once, within three days.
CREATE TABLE `magic_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`tenant_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `magic_links_expiry` ON `magic_links` (`expires_at`);
