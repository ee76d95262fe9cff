// Node side: the local send_email binding writes each sent message as an .eml file.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Paths of .eml files under `dir` written since `since` (ms), a few folders deep. */
export function emlFiles(dir: string, since: number, depth = 0): string[] {
  if (depth > 6) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) return emlFiles(path, since, depth + 1);
      return name.endsWith(".eml") && stat.mtimeMs >= since ? [path] : [];
    } catch {
      return [];
    }
  });
}
