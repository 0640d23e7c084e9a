// The auto-layout worker's entry in the app: zod's JIT probe off first (the CSP forbids eval, in
// workers too), then the model's layout worker, which loads elkjs on the first request.
import '../app/noEval';
import '../model/layout/layoutWorker';
