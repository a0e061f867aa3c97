import { serveGenerator } from '../kit/worker-host';
import { sizeRun } from '../../techniques/adaptive-temperature-run';

serveGenerator(sizeRun);
