// Vitest globalSetup (Node): a real SMTP server for the relay transport, and a small HTTP
// endpoint on loopback through which workerd tests read what was sent — both what reached
// the SMTP server and the .eml files miniflare's send_email binding writes to its temp dir.
import { createServer } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer, type Options as SmtpServerOptions } from "smtp-server";
import { emlFiles } from "../helpers/eml-files";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Ports of the SMTP sink, plain and over TLS; each accepts user `relay-user` / password `relay-pass`. */
    smtpPort: number;
    /** Implicit TLS from the first byte (as on 465). */
    smtpTlsPort: number;
    /** Plain until STARTTLS, which it demands before AUTH (as on 587). */
    smtpStartTlsPort: number;
    /** Implicit TLS with a self-signed certificate nobody trusts. */
    smtpUntrustedPort: number;
    /** Base URL of the HTTP endpoint that lists received mail (`/smtp?to=`, `/send-email?to=`). */
    mailSinkUrl: string;
  }
}

interface Received {
  envelopeFrom: string;
  recipients: string[];
  raw: string;
  /** Whether the session was encrypted when the mail was handed over. */
  secure: boolean;
}

/** The TLS modes are served with a certificate of the test-only CA that vitest.config.ts makes workerd trust. */
const certificate = (name: string) => ({
  key: readFileSync(new URL(`../fixtures/tls/${name}.key`, import.meta.url)),
  cert: readFileSync(new URL(`../fixtures/tls/${name}.pem`, import.meta.url)),
});

/** Mail the SMTP sink refuses: addresses starting with `reject` get a permanent 550. */
const REJECTED = /^reject/i;

/** Every .eml the send_email binding wrote since the run started (miniflare-<random>/files/email/). */
function sentByBinding(since: number): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith("miniflare-"))
    .flatMap((name) => emlFiles(join(tmpdir(), name), since))
    .map((path) => readFileSync(path, "utf8"));
}

const mentions = (raw: string, address: string) => {
  const headers = raw.slice(0, raw.search(/\r?\n\r?\n/)).toLowerCase();
  return headers.includes(address.toLowerCase());
};

export default async function setup(project: TestProject) {
  const startedAt = Date.now() - 1000;
  const received: Received[] = [];
  const sink = (mode: Partial<SmtpServerOptions>) =>
    new SMTPServer({
      authOptional: false,
      logger: false,
      ...mode,
      onAuth(auth, _session, done) {
        if (auth.username === "relay-user" && auth.password === "relay-pass") done(null, { user: auth.username });
        else done(Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }));
      },
      onRcptTo(address, _session, done) {
        if (REJECTED.test(address.address)) done(Object.assign(new Error("5.1.1 No such user here"), { responseCode: 550 }));
        else done();
      },
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            raw: Buffer.concat(chunks).toString("utf8"),
            secure: session.secure,
          });
          done();
        });
      },
    });
  const plain = sink({ allowInsecureAuth: true, disabledCommands: ["STARTTLS"] });
  const implicitTls = sink({ secure: true, ...certificate("server") });
  const startTls = sink({ allowInsecureAuth: false, ...certificate("server") });
  const untrusted = sink({ secure: true, ...certificate("untrusted") });
  const smtpServers = [plain, implicitTls, startTls, untrusted];
  // A client that drops a handshake (as the relay does with the untrusted sink) is no failure of the sink.
  for (const server of smtpServers) server.on("error", () => undefined);
  await Promise.all(smtpServers.map((server) => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))));

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const to = (url.searchParams.get("to") ?? "").toLowerCase();
    let body: unknown;
    if (url.pathname === "/smtp") body = received.filter((m) => m.recipients.includes(to));
    else if (url.pathname === "/send-email") body = sentByBinding(startedAt).filter((raw) => mentions(raw, to));
    else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));

  project.provide("smtpPort", plain.server.address().port);
  project.provide("smtpTlsPort", implicitTls.server.address().port);
  project.provide("smtpStartTlsPort", startTls.server.address().port);
  project.provide("smtpUntrustedPort", untrusted.server.address().port);
  project.provide("mailSinkUrl", `http://127.0.0.1:${(http.address() as { port: number }).port}`);
  return async () => {
    await Promise.all(smtpServers.map((server) => new Promise<void>((resolve) => server.close(resolve))));
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
}
