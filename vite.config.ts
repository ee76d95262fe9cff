import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

export default defineConfig({
  root: "web",
  plugins: [preact()],
  // The manifest lets scripts/bundle-size.mjs tell initial chunks from lazy ones.
  build: { outDir: "dist", emptyOutDir: true, manifest: true },
});
