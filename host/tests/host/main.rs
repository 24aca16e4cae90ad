//! Integration tests: the real binary, over real pipes and real files.

mod charters;
mod cli;
mod fuzz_regressions;
mod har;
mod hostile;
mod install;
mod privacy;
mod properties;
mod protocol;
mod psl;
mod seed;
mod store;
mod support;
