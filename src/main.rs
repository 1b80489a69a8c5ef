//! The `resp` binary: parse the command line, run it, exit with the contract's code.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;

/// mimalloc, not the system allocator: a HAR's entries are parsed on one thread and
/// judged and freed on another, and glibc's allocator serialises that hand-over on its
/// arena locks (a fifth of the time went to `_int_malloc`/`_int_free`; see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match resp::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return resp::usage_error(err, &mut std::io::stderr()),
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let exit = match resp::run(cli, &mut out, &mut std::io::stderr()) {
        Ok(exit) => exit,
        Err(err) => {
            // Whatever was written before the error still goes out.
            let _ = out.flush();
            resp::report(&err, &mut std::io::stderr())
        }
    };
    exit.into()
}
