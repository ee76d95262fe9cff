import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { InboundMessage } from "../../worker/inbound/message";
import { processInbound } from "../../worker/inbound/process";
import { helpdesk } from "./mail";

/** What a later channel adapter (here X) would hand over after keeping its raw payload. */
async function xMessage(tenantId: number, over: Partial<InboundMessage>): Promise<InboundMessage> {
  const rawKey = `t/${tenantId}/raw/x-${crypto.randomUUID()}.json`;
  await env.FILES.put(rawKey, JSON.stringify(over));
  return {
    channel: "twitter",
    externalId: "x:1",
    rawKey,
    tenantId,
    categoryId: null,
    recipient: "@acme_support",
    from: { address: "carla_x", name: "Carla on X" },
    to: [],
    cc: [],
    subject: "",
    text: "",
    html: null,
    attachments: [],
    inReplyTo: null,
    references: [],
    headers: {},
    deliveryReport: null,
    receivedAt: Date.now(),
    ...over,
  };
}

describe("the same pipeline for every channel", () => {
  it("opens a ticket for an X message, creates the customer by handle, and threads the reply to it", async () => {
    const desk = await helpdesk("xchan");
    const tenantId = desk.t.tenant.id;
    const first = await xMessage(tenantId, { externalId: "x:1001", subject: "@acme_support my order is late", text: "@acme_support my order is late" });
    const arrival = { tenantId, channel: "twitter" as const, rawKey: first.rawKey };
    const opened = await processInbound(env, arrival, first);
    expect(opened).toMatchObject({ outcome: "ticket", mayAutoAnswer: true });

    const reply = await xMessage(tenantId, { externalId: "x:1002", inReplyTo: "x:1001", subject: "still waiting", text: "still waiting" });
    expect(await processInbound(env, { ...arrival, rawKey: reply.rawKey }, reply)).toMatchObject({ outcome: "follow_up", ticketId: opened.ticketId });

    const detail = await desk.detail(opened.ticketId!);
    expect(detail).toMatchObject({ channel: "twitter", subject: "@acme_support my order is late" });
    expect(detail.articles.map((a: any) => a.messageId)).toEqual(["x:1001", "x:1002"]);
    const customer = await desk.t.admin.get(`/users/${detail.customerId}`);
    expect(customer).toMatchObject({ role: "customer", name: "Carla on X", xHandle: "carla_x" });
  });

  it("keeps a message the zod shape refuses as malformed, with the issue", async () => {
    const desk = await helpdesk("xchan");
    const tenantId = desk.t.tenant.id;
    const broken = { ...(await xMessage(tenantId, {})), externalId: "" };
    const result = await processInbound(env, { tenantId, channel: "twitter", rawKey: broken.rawKey }, broken);
    expect(result).toMatchObject({ outcome: "failed", reason: "malformed" });
    const [kept] = await desk.failed();
    expect(kept).toMatchObject({ channel: "twitter", reason: "malformed", detail: expect.stringContaining("externalId") });
  });
});
