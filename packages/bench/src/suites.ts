// Every benchmark suite module, imported for its registerSuite() call. Add new suites here
// (e.g. './train.js', './distill.js'), each in its own file.
import './kernels.js';
