-- Inbound mail (issue 3): kept failures, per-ticket unsubscribes, and article kinds.

-- Every inbound message that did not become a ticket or follow-up is kept with its reason;
-- the raw bytes stay in R2 under raw_key so an admin can replay it.
CREATE TABLE `failed_mails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`channel` text NOT NULL,
	`raw_key` text NOT NULL,
	`reason` text NOT NULL,
	`detail` text,
	`envelope_from` text,
	`envelope_to` text,
	`message_id` text,
	`subject` text,
	`status` text DEFAULT 'failed' NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`ticket_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `failed_mails_tenant_status` ON `failed_mails` (`tenant_id`,`status`,`id`);--> statement-breakpoint
-- Senders who asked (#unsubscribe#) to stop receiving updates for one ticket.
CREATE TABLE `ticket_unsubscribes` (
	`tenant_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `user_id`)
);
--> statement-breakpoint
-- message | auto_reply | bounce: auto-replies and bounces are kept on the ticket but never
-- reopen it or trigger notifications, and the API shows which is which.
ALTER TABLE `articles` ADD `kind` text DEFAULT 'message' NOT NULL;
