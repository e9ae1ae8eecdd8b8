// One build of both pages (the calculator and the React admin), each an entry module that a
// Django template loads through django-vite (backend/web/templates/web/). `vite build` writes
// hashed files to dist/assets/ and the manifest the templates read (dist/.vite/manifest.json);
// collectstatic serves dist/ under STATIC_URL + "web/", hence the base. `make dev` runs `vite`
// (this dev server, hot reload) beside Django's runserver; the pages still come from Django.
import { resolve } from "node:path";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const DEV_PORT = Number(process.env.VITE_DEV_PORT || 5173);

export default defineConfig({
  root: import.meta.dirname,
  base: "/static/web/",
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, "dist"),
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        calculator: resolve(import.meta.dirname, "calculator", "main.jsx"),
        admin: resolve(import.meta.dirname, "admin-app", "main.jsx"),
      },
    },
  },
  server: {
    host: "127.0.0.1",
    port: DEV_PORT,
    strictPort: true,
    // the pages come from Django's origin: the dev server's own URLs must be absolute
    origin: `http://127.0.0.1:${DEV_PORT}`,
  },
});
