/**
 * Version and commit: `build.ts` defines them at compile time; running from source falls back to
 * package.json and "dev".
 */
import pkg from '../package.json' with { type: 'json' };

declare const IW_BUILD_VERSION: string | undefined;
declare const IW_BUILD_COMMIT: string | undefined;

export const VERSION: string = typeof IW_BUILD_VERSION === 'string' ? IW_BUILD_VERSION : pkg.version;
export const COMMIT: string = typeof IW_BUILD_COMMIT === 'string' ? IW_BUILD_COMMIT : 'dev';
