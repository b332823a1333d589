/**
 * Loads modules (`load` imports them) with no global fetch. Yoga, Ink's layout engine, loads its
 * wasm from a data: URL with fetch() when there is one, and Node's fetch loads its whole HTTP
 * client (undici) on first use: about 60 ms of the server's start-up, for bytes already in
 * memory. Without fetch, Yoga decodes them itself. Yoga has its wasm before its module's
 * evaluation ends (a top-level await), so fetch is back before anything else runs.
 */
export async function importWithoutFetch<T>(load: () => Promise<T>): Promise<T> {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (!descriptor?.configurable) return load();
	Reflect.deleteProperty(globalThis, 'fetch');
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}
