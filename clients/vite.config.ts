import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// `npm run dev` serves the client with hot reload and forwards the API to a hub on :4000 (`npm start`).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/graphql': 'http://localhost:4000',
      '/health': 'http://localhost:4000',
      '/export': 'http://localhost:4000',
    },
  },
});
