// A build plugin for the Node-side bundles (CLI, core host). pg's lib/stream.js decides at load
// time whether it runs in a Cloudflare Worker by constructing `new Response(...)`; in Node that
// first touch of `Response` loads Node's whole fetch implementation (undici), about 20 ms of
// every CLI start even when the database is SQLite. Under Node and Electron the answer is
// always "no", so the bundles drop that probe: pg behaves exactly as it does in Node.
export function pgNodeOnly() {
  return {
    name: 'optiplan-pg-node-only',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/.test(id)) return null;
      const probe = "if (typeof Response === 'function') {";
      if (!code.includes(probe)) throw new Error('pg/lib/stream.js changed: review build/pg-node-only.js');
      return { code: code.replace(probe, 'if (false) {'), map: null };
    },
  };
}
