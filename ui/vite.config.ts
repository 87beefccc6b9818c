import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

const junit = process.env.VITEST_JUNIT;

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  // Tauri serves ui/dist; relative asset URLs keep working from any origin it uses.
  base: './',
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Never inline assets as data: URLs into scripts; the CSP allows data: only for images.
    assetsInlineLimit: 0,
    // Keep the preload polyfill out: it would be the only inline-ish helper in index.html.
    modulePreload: { polyfill: false },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    env: { TZ: 'UTC' },
    reporters: junit ? ['default', 'junit'] : ['default'],
    outputFile: junit ? { junit } : undefined,
  },
});
