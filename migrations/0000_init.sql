CREATE TABLE `tenants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`default_locale` text DEFAULT 'en' NOT NULL,
	`settings` text NOT NULL,
	`next_ticket_number` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenants_slug_unique` ON `tenants` (`slug`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`last_used_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_tenant` ON `api_tokens` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`tenant_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_expiry` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `user_emails` (
	`tenant_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`email` text NOT NULL,
	`is_primary` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`tenant_id`, `email`)
);
--> statement-breakpoint
CREATE INDEX `user_emails_user` ON `user_emails` (`user_id`);--> statement-breakpoint
CREATE TABLE `user_phones` (
	`tenant_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`phone` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `phone`)
);
--> statement-breakpoint
CREATE INDEX `user_phones_user` ON `user_phones` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`x_handle` text,
	`locale` text,
	`company` text,
	`active` integer DEFAULT true NOT NULL,
	`limited_to_categories` integer DEFAULT false NOT NULL,
	`password_hash` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `users_tenant_role` ON `users` (`tenant_id`,`role`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_tenant_x` ON `users` (`tenant_id`,`x_handle`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`parent_id` integer,
	`names` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `categories_tenant` ON `categories` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `category_agents` (
	`tenant_id` integer NOT NULL,
	`category_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`category_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `category_agents_user` ON `category_agents` (`user_id`);--> statement-breakpoint
CREATE TABLE `inbound_addresses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`address` text NOT NULL,
	`category_id` integer,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_addresses_address_unique` ON `inbound_addresses` (`address`);--> statement-breakpoint
CREATE INDEX `inbound_addresses_tenant` ON `inbound_addresses` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`channel` text NOT NULL,
	`direction` text NOT NULL,
	`internal` integer DEFAULT false NOT NULL,
	`from_addr` text,
	`to_addrs` text DEFAULT '[]' NOT NULL,
	`cc_addrs` text DEFAULT '[]' NOT NULL,
	`subject` text,
	`body_text` text DEFAULT '' NOT NULL,
	`body_html` text,
	`message_id` text,
	`in_reply_to` text,
	`references_ids` text DEFAULT '[]' NOT NULL,
	`external_id` text,
	`author_id` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `articles_ticket` ON `articles` (`ticket_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `articles_tenant_message_id` ON `articles` (`tenant_id`,`message_id`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`article_id` integer,
	`r2_key` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`content_id` text,
	`uploaded_by` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attachments_article` ON `attachments` (`article_id`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`actor_id` integer,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`action` text NOT NULL,
	`changes` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_entity` ON `audit_events` (`tenant_id`,`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `ticket_subscribers` (
	`tenant_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `ticket_subscribers_user` ON `ticket_subscribers` (`user_id`);--> statement-breakpoint
CREATE TABLE `ticket_tags` (
	`tenant_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`ticket_id`, `tag`)
);
--> statement-breakpoint
CREATE INDEX `ticket_tags_tenant_tag` ON `ticket_tags` (`tenant_id`,`tag`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`number` integer NOT NULL,
	`subject` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`priority` text DEFAULT 'normal' NOT NULL,
	`category_id` integer,
	`assignee_id` integer,
	`customer_id` integer,
	`channel` text NOT NULL,
	`due_at` integer,
	`parent_id` integer,
	`merged_into_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`first_response_at` integer,
	`resolved_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_tenant_number` ON `tickets` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_updated` ON `tickets` (`tenant_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_status_updated` ON `tickets` (`tenant_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_assignee_updated` ON `tickets` (`tenant_id`,`assignee_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_customer_updated` ON `tickets` (`tenant_id`,`customer_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_category_updated` ON `tickets` (`tenant_id`,`category_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `time_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`minutes` integer NOT NULL,
	`note` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `time_entries_ticket` ON `time_entries` (`ticket_id`);