import { runMocha } from '../runner';

export function run(): Promise<void> {
  return runMocha(() => {
    require('./activation.test');
    require('./tasks.test');
    require('../mcp.test');
    require('../ui.test');
  });
}
