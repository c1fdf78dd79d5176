/*
 * The tesseract.js worker, started through this classic script so that one known, harmless warning stays out of
 * the console. The `vie` model (best_int, LSTM only) carries a config of two legacy-engine parameters
 * (`language_model_ngram_on`, `classify_misfit_junk_penalty`); the LSTM-only core has no such parameters and prints
 * "Warning: Parameter not found: …" through console.error at every worker start. Nothing else is filtered.
 */
(() => {
  const quiet = /^Warning: Parameter not found: (language_model_ngram_on|classify_misfit_junk_penalty)$/;
  const error = console.error.bind(console);
  console.error = (...args) => {
    if (args.length === 1 && typeof args[0] === 'string' && quiet.test(args[0].trim())) return;
    error(...args);
  };
})();
importScripts('models/worker.min.js');
