// Loaded into Azurite by the app host (node --require). A terminal's Ctrl+C reaches every process in its foreground
// process group, Azurite included, while Azurite must outlive the apps that use it: the app host stops it itself, last,
// with SIGTERM. A listener of our own keeps SIGINT from ending the process, and Azurite's own SIGINT listener, which
// would shut it down, is never added. Everything else, SIGTERM and SIGHUP included, is left as it is.
'use strict';

process.on('SIGINT', () => {});
for (const method of ['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']) {
  const original = process[method];
  process[method] = function (event, listener) {
    return event === 'SIGINT' ? this : original.call(this, event, listener);
  };
}
