//! Integration tests: the real binary, over real pipes and real files.

mod cli;
mod hostile;
mod protocol;
mod psl;
mod seed;
mod support;
