-- Deliveries find their mail by mail_id since 0008 (bounces go through the mail's Message-ID
-- or the provider's id); no query reads the copy of the Message-ID on each delivery row.
ALTER TABLE `deliveries` DROP COLUMN `message_id`;
