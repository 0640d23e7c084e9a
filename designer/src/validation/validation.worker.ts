// The validation worker's entry in the app: zod's JIT probe off first (the CSP forbids eval, in
// workers too), then the model's worker module, which answers messages by itself.
import '../app/noEval';
import '../model/validation/validationWorker';
