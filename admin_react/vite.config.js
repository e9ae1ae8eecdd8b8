// Two pages, built one at a time: `vite build --mode calculator` and `vite build --mode admin`.
// Each is served by Django under its own URL (backend/web), so each gets that URL as its base.
import { resolve } from "node:path";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const PAGES = { calculator: "calculator", admin: "admin-app" };
const DJANGO = process.env.DJANGO_URL || "http://127.0.0.1:8000";

export default defineConfig(({ mode }) => {
  const page = PAGES[mode] || PAGES.calculator;
  return {
    root: resolve(import.meta.dirname, page),
    base: `/${page}/`,
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, "dist", page),
      emptyOutDir: true,
      chunkSizeWarningLimit: 2000,
    },
    server: {
      // `npm run dev`: the API and the model files come from Django (`make run`).
      proxy: {
        "/api": DJANGO,
        "/calculator/model": DJANGO,
      },
    },
  };
});
