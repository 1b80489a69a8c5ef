//! The `resp` binary: parse the command line, run it, exit with the contract's code.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = || -> Vec<String> {
        std::env::args_os()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    };
    let cli = match resp::cli::parse() {
        Ok(cli) => cli,
        Err(err) => return resp::usage_error(err, &args(), &mut std::io::stderr()),
    };
    // `send` takes several URLs: HTTPie's words parse, and are caught here.
    if let resp::cli::Command::Send(send) = &cli.command
        && send.url.len() > 1
        && let Some(code) = resp::habits_taken(&args(), &mut std::io::stderr())
    {
        return code;
    }
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
