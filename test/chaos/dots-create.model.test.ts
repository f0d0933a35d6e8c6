import { describeDotsModel } from './dots-model.js';

describeDotsModel('create');
