import {readFileSync} from 'node:fs';

/** redtop's version from package.json (next to dist/ and source/ alike). */
export const redtopVersion: string = (() => {
	try {
		return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}).version;
	} catch {
		return 'unknown';
	}
})();
