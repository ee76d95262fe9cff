-- Full-text search over ticket subjects and message texts (FTS5, external content:
-- the text lives once in its table; triggers keep the index in step).
CREATE VIRTUAL TABLE tickets_fts USING fts5(subject, content='tickets', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE articles_fts USING fts5(body_text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO tickets_fts(rowid, subject) VALUES (new.id, new.subject);
END;
--> statement-breakpoint
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF subject ON tickets BEGIN
  INSERT INTO tickets_fts(tickets_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
  INSERT INTO tickets_fts(rowid, subject) VALUES (new.id, new.subject);
END;
--> statement-breakpoint
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
  INSERT INTO tickets_fts(tickets_fts, rowid, subject) VALUES ('delete', old.id, old.subject);
END;
--> statement-breakpoint
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, body_text) VALUES (new.id, new.body_text);
END;
--> statement-breakpoint
CREATE TRIGGER articles_fts_update AFTER UPDATE OF body_text ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, body_text) VALUES ('delete', old.id, old.body_text);
  INSERT INTO articles_fts(rowid, body_text) VALUES (new.id, new.body_text);
END;
--> statement-breakpoint
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, body_text) VALUES ('delete', old.id, old.body_text);
END;
