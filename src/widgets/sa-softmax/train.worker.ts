import { serveGenerator } from '../kit/worker-host';
import { saSoftmaxTrain } from '../../techniques/sa-softmax-train';

serveGenerator(saSoftmaxTrain);
