// smtp-server ships no types; this covers the part the test sink uses.
declare module "smtp-server" {
  import type { Readable } from "node:stream";
  interface Address {
    address: string;
  }
  interface Session {
    envelope: { mailFrom: Address | false; rcptTo: Address[] };
    user?: unknown;
    secure: boolean;
  }
  type Done = (err?: Error | null, value?: unknown) => void;
  interface Options {
    authOptional?: boolean;
    allowInsecureAuth?: boolean;
    disabledCommands?: string[];
    secure?: boolean;
    key?: Buffer;
    cert?: Buffer;
    logger?: boolean;
    onAuth?(auth: { method: string; username: string; password: string }, session: Session, done: Done): void;
    onRcptTo?(address: Address, session: Session, done: Done): void;
    onData?(stream: Readable, session: Session, done: Done): void;
  }
  export class SMTPServer {
    constructor(options: Options);
    listen(port: number, host: string, callback: () => void): void;
    server: { address(): { port: number } };
    close(callback: () => void): void;
    on(event: "error", listener: (err: Error) => void): this;
  }
}
