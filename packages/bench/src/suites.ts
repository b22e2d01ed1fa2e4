// Every benchmark suite module, imported for its registerSuite() call; each suite lives in its own file.
import './kernels.js';
import './train.js';
import './distill.js';
