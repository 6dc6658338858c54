//! The integration tests, built as one binary: each file of tests/ would otherwise link
//! polars on its own, some 200 MB and a minute apiece. Tests that change the process's
//! environment or run a copy of their binary keep binaries of their own (tests/faults.rs,
//! tests/platform.rs, tests/snapshots.rs).

#[path = "../common/mod.rs"]
mod common;

mod architecture;
mod cli;
mod corpus;
mod gui;
mod indicators;
mod memo;
mod offices;
mod palette;
mod properties;
mod readers;
mod reading;
mod returns;
mod returns_fixtures;
mod scenarios;
mod sql;
mod standards;
mod standards_files;
mod template;
