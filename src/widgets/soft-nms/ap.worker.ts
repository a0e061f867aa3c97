import { serveGenerator } from '../kit/worker-host';
import { softNmsEval } from '../../techniques/soft-nms-eval';

serveGenerator(softNmsEval);
