//! The `resp` binary: parse the command line, run it, exit with the contract's code.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match resp::cli::parse() {
        Ok(cli) => cli,
        Err(err) => {
            let args: Vec<String> = std::env::args_os()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            return resp::usage_error(err, &args, &mut std::io::stderr());
        }
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
