import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // The app runs under a strict CSP (style-src 'self'): component CSS must go to the CSS file,
    // never into <style> elements injected at runtime.
    css: 'external',
    runes: true,
  },
};
