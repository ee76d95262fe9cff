import { afterAll, describe, expect, inject, it } from "vitest";
import { STOP_REASONS } from "../../worker/inbound/pipeline";
import { corpusMail, corpusPaths, helpdesk, receive } from "./mail";

const KEPT_REASONS = [...STOP_REASONS.filter((r) => r !== "duplicate"), "malformed", "processing_error"];

// Real-world mails from three public helpdesks (../shared/corpus, read at run time). Each goes
// to a tenant of its own, so that every one is judged on its own: a ticket, or kept with a reason.
describe("the real-world mail corpus", () => {
  const paths = corpusPaths();
  const outcomes = new Map<string, string[]>();
  afterAll(() => {
    // A one-line account of where the corpus went, for whoever reads the test log.
    console.log("corpus outcomes:", Object.fromEntries([...outcomes].map(([k, v]) => [k, v.length])), Object.fromEntries([...outcomes].filter(([k]) => k !== "ticket")));
  });

  it("is available to the tests", () => {
    expect(paths.length).toBeGreaterThan(90);
  });

  it.each(paths)("%s ends as a ticket or a kept failed mail with a reason, never an exception", async (path) => {
    const desk = await helpdesk("corpus");
    const result = await receive(corpusMail(path), { to: desk.to, from: "sender@corpus.example" });
    const key = result.outcome === "failed" ? result.reason : result.outcome;
    outcomes.set(key, [...(outcomes.get(key) ?? []), path]);
    if (result.outcome === "ticket") {
      const detail = await desk.detail(result.ticketId!);
      expect(detail.articles).toHaveLength(1);
      expect(typeof detail.articles[0].text).toBe("string");
      expect(detail.subject.length).toBeGreaterThan(0);
      // Where Zammad's own parser states the decoded subject, ours must decode it the same way.
      const expected = inject("corpusSubjects")[path];
      if (expected) expect(detail.subject).toBe(expected.replace(/\s+/g, " ").trim());
    } else {
      expect(result.outcome).toBe("failed");
      if (result.outcome !== "failed") return;
      expect(KEPT_REASONS).toContain(result.reason);
      expect(result.reason).not.toBe("processing_error");
      const [kept] = await desk.failed();
      expect(kept).toMatchObject({ id: result.failedMailId, reason: result.reason });
    }
  });
});
