import { serveGenerator } from '../kit/worker-host';
import { mlcFaultRun } from '../../techniques/mlc-sttram-run';

serveGenerator(mlcFaultRun);
