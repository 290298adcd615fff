//! `peiling`: the engine on the command line.
fn main() {
    eprintln!("peiling: no command yet");
    std::process::exit(2);
}
