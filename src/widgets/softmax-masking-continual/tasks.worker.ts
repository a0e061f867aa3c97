import { serveGenerator } from '../kit/worker-host';
import { maskingRun } from '../../techniques/softmax-masking-continual-train';

serveGenerator(maskingRun);
