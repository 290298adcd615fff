//! `peiling`: the engine on the command line.
//!
//! A hand-written dispatch: each command is a module with a `run(args)` and a line in
//! [`COMMANDS`]; `peiling --help` lists them and `peiling COMMAND --help` shows a command's
//! usage. Exit codes: 0 done, 1 the input could not be used, 2 the command line was wrong.

mod inspect;
mod tabulate;

/// One subcommand.
struct Command {
    name: &'static str,
    summary: &'static str,
    usage: &'static str,
    run: fn(&[String]) -> Result<(), Failure>,
}

/// Why a command stopped.
pub enum Failure {
    /// The command line was wrong: the message and the command's usage are shown.
    Usage(String),
    /// The input could not be used.
    Input(String),
}

const COMMANDS: &[Command] = &[
    Command {
        name: "inspect",
        summary: "show how a survey file is read and the codebook inferred from it",
        usage: inspect::USAGE,
        run: inspect::run,
    },
    Command {
        name: "tabulate",
        summary: "count one question: bases, percentages, intervals, groups and tests",
        usage: tabulate::USAGE,
        run: tabulate::run,
    },
];

/// Writes a command's result to standard output. A reader that stops early (`| head`) closes
/// the pipe; that ends the output quietly instead of panicking as `println!` would.
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(name) = args.first() else {
        eprint!("{}", overview());
        std::process::exit(2);
    };
    if matches!(name.as_str(), "-h" | "--help" | "help") {
        print!("{}", overview());
        return;
    }
    if matches!(name.as_str(), "-V" | "--version") {
        println!("peiling {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    let Some(command) = COMMANDS.iter().find(|c| c.name == name) else {
        eprintln!("peiling: unknown command '{name}'\n");
        eprint!("{}", overview());
        std::process::exit(2);
    };
    let rest = &args[1..];
    if rest.iter().any(|a| a == "-h" || a == "--help") {
        print!("{}", command.usage);
        return;
    }
    match (command.run)(rest) {
        Ok(()) => {}
        Err(Failure::Usage(message)) => {
            eprintln!("peiling {}: {message}\n", command.name);
            eprint!("{}", command.usage);
            std::process::exit(2);
        }
        Err(Failure::Input(message)) => {
            eprintln!("peiling {}: {message}", command.name);
            std::process::exit(1);
        }
    }
}

fn overview() -> String {
    let mut text = String::from("peiling: survey results from the command line\n\nUsage: peiling COMMAND [ARGS]\n\nCommands:\n");
    for c in COMMANDS {
        text.push_str(&format!("  {:<12}{}\n", c.name, c.summary));
    }
    text.push_str("\n`peiling COMMAND --help` shows a command's options.\n");
    text
}
