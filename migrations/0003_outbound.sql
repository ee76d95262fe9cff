-- Outbound mail (issue 4): the outbox, per-recipient deliveries, suppressed addresses,
-- SMTP relays, notification rules/templates/settings and used customer action links.

-- One row per mail that must leave: everything needed to compose it again on each try.
CREATE TABLE `outbound_mails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`ticket_id` integer,
	`article_id` integer,
	`kind` text NOT NULL,
	`automatic` integer DEFAULT false NOT NULL,
	`message_id` text NOT NULL,
	-- The id the transport actually used, when it replaced ours (the send_email binding may).
	`provider_message_id` text,
	`from_addr` text NOT NULL,
	`reply_to` text,
	`to_addrs` text DEFAULT '[]' NOT NULL,
	`cc_addrs` text DEFAULT '[]' NOT NULL,
	`subject` text NOT NULL,
	`body_text` text DEFAULT '' NOT NULL,
	`body_html` text,
	`in_reply_to` text,
	`references_ids` text DEFAULT '[]' NOT NULL,
	`attachment_ids` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbound_mails_tenant_message_id` ON `outbound_mails` (`tenant_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `outbound_mails_due` ON `outbound_mails` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbound_mails_ticket` ON `outbound_mails` (`tenant_id`,`ticket_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbound_mails_provider_message_id` ON `outbound_mails` (`tenant_id`,`provider_message_id`);--> statement-breakpoint
-- One row per recipient of an outbound mail: what the article shows as its delivery status.
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`mail_id` integer NOT NULL,
	`article_id` integer,
	`message_id` text NOT NULL,
	`recipient` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deliveries_mail` ON `deliveries` (`mail_id`);--> statement-breakpoint
CREATE INDEX `deliveries_article` ON `deliveries` (`tenant_id`,`article_id`);--> statement-breakpoint
CREATE INDEX `deliveries_message_recipient` ON `deliveries` (`tenant_id`,`message_id`,`recipient`);--> statement-breakpoint
-- Addresses that failed permanently (5.x.x): never mailed again.
CREATE TABLE `suppressed_addresses` (
	`tenant_id` integer NOT NULL,
	`address` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `address`)
);
--> statement-breakpoint
CREATE TABLE `smtp_relays` (
	`tenant_id` integer PRIMARY KEY NOT NULL,
	`host` text NOT NULL,
	`port` integer NOT NULL,
	`security` text NOT NULL,
	`username` text,
	`password_enc` text,
	`enabled` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
-- category_id 0 is the tenant-wide rule; a row for a category overrides it.
CREATE TABLE `notification_rules` (
	`tenant_id` integer NOT NULL,
	`event` text NOT NULL,
	`category_id` integer DEFAULT 0 NOT NULL,
	`active` integer NOT NULL,
	`recipients` text NOT NULL,
	`extra_agent_ids` text DEFAULT '[]' NOT NULL,
	`extra_addresses` text DEFAULT '[]' NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `event`, `category_id`)
);
--> statement-breakpoint
CREATE TABLE `notification_templates` (
	`tenant_id` integer NOT NULL,
	`event` text NOT NULL,
	`locale` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `event`, `locale`)
);
--> statement-breakpoint
CREATE TABLE `notification_settings` (
	`tenant_id` integer PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
-- Signed customer links are usable once: the link's id is recorded when it is used.
CREATE TABLE `used_action_links` (
	`tenant_id` integer NOT NULL,
	`link_id` text NOT NULL,
	`used_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `link_id`)
);
--> statement-breakpoint
-- A customer's rating of how their ticket was handled (from the signed links in the resolved mail).
CREATE TABLE `ticket_ratings` (
	`tenant_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`rating` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `ticket_id`)
);
