import { describeReserveStreamModel } from './arianee-model.js';

describeReserveStreamModel();
