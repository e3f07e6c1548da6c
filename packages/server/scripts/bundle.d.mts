/** Where the server's build writes its bundle (dist/bundle). */
export const builtBundleDir: string;
/** The server's bundle, built in memory: each file's path relative to the bundle's folder, its text, and its remaining imports. */
export function bundleServer(): Promise<Array<{ name: string; text: string; externals: string[] }>>;
