import { describe, expect, it } from "vitest";
import { addCustomer, customerClient, signUp } from "../helpers/api";

const upload = (name: string, type: string, content: string | Uint8Array<ArrayBuffer>) => {
  const form = new FormData();
  form.append("file", new File([content], name, { type }));
  return form;
};

describe("attachments", () => {
  it("an uploaded file attaches to a reply and downloads with its type and name", async () => {
    const t = await signUp("files");
    const ticket = await t.admin.post("/tickets", { subject: "With file" });
    const pdf = await t.admin.post("/attachments", upload("Rechnung März.pdf", "application/pdf", "%PDF-1.4 test"));
    expect(pdf).toMatchObject({ filename: "Rechnung März.pdf", contentType: "application/pdf", size: 13 });
    const article = await t.admin.post(`/tickets/${ticket.id}/articles`, { text: "see attached", attachmentIds: [pdf.id] });
    expect(article.attachments).toEqual([expect.objectContaining({ id: pdf.id, filename: "Rechnung März.pdf" })]);
    const res = await t.admin.request("GET", `/attachments/${pdf.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe(`inline; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
    expect(await res.text()).toBe("%PDF-1.4 test");
  });

  it("html files are served as downloads, never rendered", async () => {
    const t = await signUp("htmlfile");
    const file = await t.admin.post("/attachments", upload("page.html", "text/html", "<script>alert(1)</script>"));
    const res = await t.admin.request("GET", `/attachments/${file.id}`);
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Content-Security-Policy")).toContain("sandbox");
  });

  it("an upload can be attached only once", async () => {
    const t = await signUp("once");
    const ticket = await t.admin.post("/tickets", { subject: "Once" });
    const file = await t.admin.post("/attachments", upload("a.txt", "text/plain", "a"));
    await t.admin.post(`/tickets/${ticket.id}/articles`, { text: "one", attachmentIds: [file.id] });
    const again = await t.admin.request("POST", `/tickets/${ticket.id}/articles`, { text: "two", attachmentIds: [file.id] });
    expect(again.status).toBe(400);
  });

  it("files above the upload limit answer 413 and a missing file field 400", async () => {
    const t = await signUp("toolarge");
    const { env } = await import("cloudflare:workers");
    const big = new Uint8Array(Number(env.MAX_UPLOAD_BYTES) + 1);
    const res = await t.admin.request("POST", "/attachments", upload("big.bin", "application/octet-stream", big));
    expect(res.status).toBe(413);
    expect((await res.json<any>()).error.code).toBe("payload_too_large");
    const form = new FormData();
    form.append("other", "x");
    expect((await t.admin.request("POST", "/attachments", form)).status).toBe(400);
  });

  it("customers cannot download files of internal notes or of other customers' tickets", async () => {
    const t = await signUp("filescope");
    const jane = await addCustomer(t, "Jane");
    const janes = await t.admin.post("/tickets", { subject: "Jane", customerId: jane.id });
    const others = await t.admin.post("/tickets", { subject: "Other" });
    const noteFile = await t.admin.post("/attachments", upload("note.txt", "text/plain", "internal"));
    const publicFile = await t.admin.post("/attachments", upload("public.txt", "text/plain", "public"));
    const otherFile = await t.admin.post("/attachments", upload("other.txt", "text/plain", "other"));
    await t.admin.post(`/tickets/${janes.id}/articles`, { text: "note", internal: true, attachmentIds: [noteFile.id] });
    await t.admin.post(`/tickets/${janes.id}/articles`, { text: "reply", attachmentIds: [publicFile.id] });
    await t.admin.post(`/tickets/${others.id}/articles`, { text: "reply", attachmentIds: [otherFile.id] });
    const client = await customerClient(t.tenant.id, jane.id);
    expect((await client.request("GET", `/attachments/${publicFile.id}`)).status).toBe(200);
    expect((await client.request("GET", `/attachments/${noteFile.id}`)).status).toBe(404);
    expect((await client.request("GET", `/attachments/${otherFile.id}`)).status).toBe(404);
  });
});
