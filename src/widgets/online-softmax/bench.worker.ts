import { serveGenerator } from '../kit/worker-host';
import { benchmarkRun } from '../../techniques/online-softmax-bench';

serveGenerator(benchmarkRun);
