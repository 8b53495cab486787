/**
 * The built console UI at `/` (dist-renderer/): the brotli / gzip files the build wrote beside
 * each asset are sent as they are (`preCompressed`, chosen by Accept-Encoding), hashed assets
 * (assets/<name>-<hash>.js|css) are cached for a year as immutable, index.html is revalidated
 * every time (it names the current hashes), and source maps and the build manifest are never
 * served (the build makes no maps; a stray one still answers 404).
 */
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const HASHED = /^\/?assets\/.+-[A-Za-z0-9_-]{8,}\.(js|css)$/;
const YEAR_SECONDS = 31_536_000;

/** Paths below the UI root that are not for browsers. */
export function isHiddenAsset(pathName: string): boolean {
  return pathName.endsWith('.map') || pathName.split('/').some((part) => part.startsWith('.'));
}

export function cacheControlFor(relativePath: string): string {
  return HASHED.test(relativePath.replaceAll('\\', '/')) ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache';
}

export async function registerStaticAssets(app: FastifyInstance, uiDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: uiDir,
    index: 'index.html',
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    dotfiles: 'deny',
    allowedPath: (pathName) => !isHiddenAsset(pathName),
    setHeaders: (res, filePath) => {
      const rel = filePath.slice(uiDir.length).replace(/^[\\/]+/, '');
      res.setHeader('cache-control', cacheControlFor(rel));
    },
  });
}
