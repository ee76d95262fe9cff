-- Search and list speed at 100k+ tickets (see `npm run bench`).
--
-- 1. One full-text index whose rowid says which ticket a hit belongs to:
--      rowid = ticket_id * 2^32 + source   (source 0 = the ticket's subject, else the article id)
--    so a search yields ticket ids by arithmetic (rowid >> 32). The indexes of 0001 keyed
--    articles by article id, and turning 40,000 hits of a common word into tickets took a
--    lookup each in the large articles table (~80 ms at 100k tickets); this takes ~10 ms.
--    Contentless: the text already lives in tickets and articles. The triggers pass the old
--    text to FTS5's 'delete' command, as a contentless index requires.
--    Hits still come per subject or per message, so a multi-word search matches a ticket when
--    one subject or one message has every word, as before.
CREATE VIRTUAL TABLE ticket_search USING fts5(body, content='', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO ticket_search(rowid, body) SELECT id * 4294967296, subject FROM tickets;
--> statement-breakpoint
INSERT INTO ticket_search(rowid, body) SELECT ticket_id * 4294967296 + id, body_text FROM articles;
--> statement-breakpoint
CREATE TRIGGER ticket_search_ticket_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO ticket_search(rowid, body) VALUES (new.id * 4294967296, new.subject);
END;
--> statement-breakpoint
CREATE TRIGGER ticket_search_ticket_update AFTER UPDATE OF subject ON tickets BEGIN
  INSERT INTO ticket_search(ticket_search, rowid, body) VALUES ('delete', old.id * 4294967296, old.subject);
  INSERT INTO ticket_search(rowid, body) VALUES (new.id * 4294967296, new.subject);
END;
--> statement-breakpoint
CREATE TRIGGER ticket_search_ticket_delete AFTER DELETE ON tickets BEGIN
  INSERT INTO ticket_search(ticket_search, rowid, body) VALUES ('delete', old.id * 4294967296, old.subject);
END;
--> statement-breakpoint
CREATE TRIGGER ticket_search_article_insert AFTER INSERT ON articles BEGIN
  INSERT INTO ticket_search(rowid, body) VALUES (new.ticket_id * 4294967296 + new.id, new.body_text);
END;
--> statement-breakpoint
-- A merge moves articles to another ticket: their hits must move with them.
CREATE TRIGGER ticket_search_article_update AFTER UPDATE OF body_text, ticket_id ON articles BEGIN
  INSERT INTO ticket_search(ticket_search, rowid, body) VALUES ('delete', old.ticket_id * 4294967296 + old.id, old.body_text);
  INSERT INTO ticket_search(rowid, body) VALUES (new.ticket_id * 4294967296 + new.id, new.body_text);
END;
--> statement-breakpoint
CREATE TRIGGER ticket_search_article_delete AFTER DELETE ON articles BEGIN
  INSERT INTO ticket_search(ticket_search, rowid, body) VALUES ('delete', old.ticket_id * 4294967296 + old.id, old.body_text);
END;
--> statement-breakpoint
-- The indexes of 0001 are replaced by ticket_search; keeping them would double every write.
DROP TRIGGER tickets_fts_insert;
--> statement-breakpoint
DROP TRIGGER tickets_fts_update;
--> statement-breakpoint
DROP TRIGGER tickets_fts_delete;
--> statement-breakpoint
DROP TRIGGER articles_fts_insert;
--> statement-breakpoint
DROP TRIGGER articles_fts_update;
--> statement-breakpoint
DROP TRIGGER articles_fts_delete;
--> statement-breakpoint
DROP TABLE tickets_fts;
--> statement-breakpoint
DROP TABLE articles_fts;
--> statement-breakpoint
-- 2. Tags of a page of tickets by ticket: the planner used (tenant_id, tag) and read every
--    tag of the tenant for each page (~15 ms at 100k tickets). Ordered by tag, like the API.
CREATE INDEX ticket_tags_tenant_ticket ON ticket_tags (tenant_id, ticket_id, tag);
--> statement-breakpoint
-- 3. A ticket's articles by tenant and ticket. Every query says `tenant_id = ? AND ticket_id = ?`;
--    with (ticket_id, id) alone the planner, which has no statistics, often took the
--    (tenant_id, message_id) index instead and read every article of the tenant (300,000 at
--    100k tickets) for one ticket's attachments, threads or merge.
CREATE INDEX articles_tenant_ticket ON articles (tenant_id, ticket_id, id);
--> statement-breakpoint
DROP INDEX articles_ticket;
