// Compiles the indexing code before the first file: in a fresh process the
// first analyses take 40-150 ms each whatever the text's size (V8 runs the
// YAML parser, the model and the index's install interpreted until they are
// called often enough to be compiled), one synchronous block each, and the
// first requests of a session waited behind them. Run at `initialize`, the
// client waits for the server then anyway: a small synthetic workspace is
// analysed and installed in a throwaway index, and a few results go through
// the worker's encoding and the main thread's decoding, until ROUNDS files
// or BUDGET_MS of the main thread's CPU. Not
// counted as analyses (netpol/internal/stats): nothing keeps its results.
import { performance } from 'perf_hooks';
import { analyzeText, AnalyzeOptions } from '../core/analyze';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import { decodeAnalysis, encodeAnalysis } from './analysisTransfer';
import { mainThreadTimes } from './threadCpu';
import { timingStats } from './timingStats';

/** Files of the synthetic workspace analysed and installed, at most. */
const ROUNDS = 48;
/** The main thread's CPU time the warm-up may take (its wall time where that is not known), at most. */
const BUDGET_MS = 200;
/** Every this many rounds, the analysis also goes through the worker's transfer encoding. */
const TRANSFER_EVERY = 4;

const SAMPLE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
        tier: backend
    spec:
      containers:
        - name: api
          image: example/api:1
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: web
          podSelector:
            matchExpressions:
              - { key: app, operator: In, values: [web] }
        - ipBlock:
            cidr: 10.0.0.0/8
            except: [10.1.0.0/16]
      ports:
        - port: http
          protocol: TCP
  egress:
    - to:
        - podSelector: {}
      ports:
        - port: 53
          protocol: UDP
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: http
`;

/** The sample of round `i`: names and labels changed, so the index installs a new file with new label values. */
function sampleOf(i: number): string {
  return SAMPLE.replace(/\b(api|shop|web)\b/g, `$1-${i % 16}`).replace(/replicas: 2/, `replicas: ${1 + (i % 3)}`);
}

/** Analyses and installs the synthetic files (the results are dropped). Never throws. */
export function warmUpAnalysis(): void {
  try {
    const started = performance.now();
    const cpuAtStart = mainThreadTimes()?.cpuMs;
    const spent = () => (cpuAtStart === undefined ? performance.now() - started : mainThreadTimes()!.cpuMs - cpuAtStart);
    const index = new WorkspaceIndex();
    let i = 0;
    for (; i < ROUNDS && spent() < BUDGET_MS; i++) {
      const text = sampleOf(i);
      const uri = `file:///netpol-warm-up/team-${i % 4}/file-${i}.yaml`;
      const options: AnalyzeOptions = { path: `/netpol-warm-up/team-${i % 4}/file-${i}.yaml` };
      const analysis = analyzeText(text, options);
      if (i % TRANSFER_EVERY === TRANSFER_EVERY - 1) void warmUpTransfer(index, uri, text, options, analysis);
      else index.setFileAnalysed(uri, text, options, analysis);
    }
    timingStats.warmUp = { files: i, ms: Math.round(performance.now() - started), cpuMs: Math.round(spent()) };
  } catch {
    // Only time was to be gained.
  }
}

/** A worker's result taken in: encoded, decoded with the index's compaction, installed. Its yields resolve as microtasks: it ends in the same turn. */
async function warmUpTransfer(index: WorkspaceIndex, uri: string, text: string, options: AnalyzeOptions, analysis: ReturnType<typeof analyzeText>): Promise<void> {
  try {
    const decoded = await decodeAnalysis(text, encodeAnalysis(0, analysis), () => Promise.resolve(), () => false, index.compactorFor(uri, text, options));
    if (decoded) index.setFileAnalysed(uri, text, options, decoded);
  } catch {
    // As above.
  }
}
