import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliver, helpdesk } from "./mail";

async function single(name: string, vars: Record<string, string> = {}) {
  const desk = await helpdesk("dec");
  expect(await desk.send(name, vars)).toEqual({ rejected: null });
  const [ticket] = await desk.tickets();
  const detail = await desk.detail(ticket.id);
  const customer = await desk.t.admin.get(`/users/${ticket.customerId}`);
  return { desk, ticket, article: detail.articles[0], customer };
}

describe("decoding real-world mail", () => {
  it("decodes ISO-8859-1 quoted-printable bodies and encoded-word subjects and names", async () => {
    const { ticket, article, customer } = await single("charset_iso_8859_1_quoted_printable");
    expect(ticket.subject).toBe("Drucker fällt aus");
    expect(customer.name).toBe("Jürgen Müller");
    expect(article.text).toContain("Grüße aus Köln, der Drucker läuft nicht. Çà et là.");
  });

  it("decodes Windows-1252 base64 bodies with characters outside Latin-1", async () => {
    const { ticket, article } = await single("charset_windows_1252_base64");
    expect(ticket.subject).toBe("Angebot für 20 €");
    expect(article.text).toContain("Preis: 20 € – „Angebot“");
  });

  it("decodes ISO-2022-JP subjects, names and bodies", async () => {
    const { ticket, article, customer } = await single("charset_iso_2022_jp");
    expect(ticket.subject).toBe("故障報告");
    expect(customer.name).toBe("山田太郎");
    expect(article.text).toContain("プリンターが壊れました。");
  });

  it("reads raw 8-bit subjects without encoded words in the charset that fits (Windows-1252, GBK)", async () => {
    const latin = await single("raw_8bit_latin1_subject");
    expect(latin.ticket.subject).toBe("Grüße aus Köln, Drucker defekt");
    expect(latin.article.text).toContain("Der Drucker läuft nicht.");
    const chinese = await single("raw_8bit_gbk_subject");
    expect(chinese.ticket.subject).toBe("打印机坏了，请帮忙");
    expect(chinese.article.text).toContain("打印机不工作。");
  });

  it("stores attachments and cid inline images in R2 with name, type, size and content id, and sanitises the HTML", async () => {
    const { article } = await single("attachments_and_inline_image");
    expect(article.text).toContain("See the screenshot below");
    expect(article.html).toContain('src="cid:shot@customer.example"');
    expect(article.html).not.toMatch(/<script|javascript:|onclick/);
    const files = [...article.attachments].sort((a: any, b: any) => a.filename.localeCompare(b.filename));
    expect(files).toMatchObject([
      { filename: "Rechnung März.pdf", contentType: "application/pdf", size: 36, contentId: null },
      { filename: "screenshot.png", contentType: "image/png", size: 70, contentId: "<shot@customer.example>" },
    ]);
    const stored = await env.FILES.list({ prefix: `t/` });
    expect(stored.objects.length).toBeGreaterThan(0);
  });

  it("downloads an inbound attachment through the API exactly as it arrived", async () => {
    const { desk, article } = await single("attachments_and_inline_image");
    const pdf = article.attachments.find((a: any) => a.contentType === "application/pdf");
    const res = await desk.t.admin.request("GET", `/attachments/${pdf.id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("%PDF-1.4\n% tiny test document\n%%EOF\n");
  });

  it("still makes a ticket of malformed MIME, with whatever text could be read", async () => {
    const { ticket, article } = await single("malformed_mime");
    expect(ticket.subject).toBe("Broken multipart");
    expect(typeof article.text).toBe("string");
  });

  it("gives an HTML-only mail a text version", async () => {
    const desk = await helpdesk("dec");
    const raw = new TextEncoder().encode(
      [`From: carla@customer.example`, `To: ${desk.to}`, `Subject: html only`, `Message-ID: <html-only@customer.example>`, `MIME-Version: 1.0`, `Content-Type: text/html; charset=utf-8`, ``, `<p>First&nbsp;line</p><p>Second <b>line</b></p>`].join("\r\n"),
    );
    await deliver(raw, { to: desk.to });
    const [ticket] = await desk.tickets();
    const [article] = (await desk.detail(ticket.id)).articles;
    expect(article.text).toBe("First line\nSecond line");
    expect(article.html).toContain("<b>line</b>");
  });
});
