import type * as NodeHttp from 'node:http';
import {createRequire} from 'node:module';

/**
 * node:http, loaded with require. An ESM import of a built-in module reads every one of its
 * exports, and one of node:http's loads Node's whole fetch implementation (undici): measured,
 * 74 ms against 8, in every server start, for proxies most sessions never start.
 */
export const http: typeof NodeHttp = createRequire(import.meta.url)('node:http');
