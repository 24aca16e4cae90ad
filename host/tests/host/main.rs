//! Integration tests: the real binary, over real pipes and real files.

mod charters;
mod cli;
mod hostile;
mod install;
mod protocol;
mod psl;
mod seed;
mod support;
