//! A small SMTP sink for the browser journeys: `cargo run --example smtp_sink -- ADDR DIR`
//! listens on ADDR and writes every message it receives to DIR as a file.

#[path = "../tests/api/smtp_sink.rs"]
mod smtp_sink;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:2525".into());
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "mail".into()));
    std::fs::create_dir_all(&dir)?;
    let (at, _inbox) = smtp_sink::start(&addr, Some(dir.clone()))?;
    println!("SMTP sink on {at}, writing to {}", dir.display());
    loop {
        std::thread::park();
    }
}
