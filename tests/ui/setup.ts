// Mini-program component tests: the simulator provides wx-like globals per test file.
process.env.TZ = 'Asia/Shanghai';

import { installPageShim } from './helpers/page-shim';

installPageShim();
