// The server's one import of vscode-languageserver: the bundle loads it as a
// CommonJS module, and esbuild copies its ~700 exports into a new object in
// every file that imports values from it (14 files: ~20 ms of CPU at each
// start). Importing it through here copies them once.
export * from 'vscode-languageserver/node';
