//! A real SMTP server (mailin-embedded) that keeps what it receives: the integration tests
//! start one in-process, and `examples/smtp_sink.rs` runs one for the browser journeys.
//!
//! Recipients can ask for trouble: an address starting `flaky` is refused with a temporary
//! error (451) twice before it is accepted, and one starting `bounce` is refused for good (550).

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use mailin_embedded::response::{NO_MAILBOX, OK};
use mailin_embedded::{Handler, Response, Server, SslConfig};

/// One message as received: its recipients, and its text with the transfer encoding undone.
#[derive(Clone, Debug)]
pub struct Received {
    pub to: Vec<String>,
    pub text: String,
}

/// What the sink received, shared with whoever started it.
pub type Inbox = Arc<Mutex<Vec<Received>>>;

#[derive(Clone)]
struct Sink {
    inbox: Inbox,
    dir: Option<PathBuf>,
    refused: Arc<Mutex<HashMap<String, u32>>>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Sink {
    fn mail(&mut self, _ip: std::net::IpAddr, _domain: &str, _from: &str) -> Response {
        self.to.clear();
        self.data.clear();
        OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if to.starts_with("bounce") {
            return NO_MAILBOX;
        }
        if to.starts_with("flaky") {
            let mut refused = self.refused.lock().unwrap_or_else(|e| e.into_inner());
            let n = refused.entry(to.to_string()).or_insert(0);
            if *n < 2 {
                *n += 1;
                return Response::custom(451, "Try again later".into());
            }
        }
        self.to.push(to.to_string());
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let text = decode(&String::from_utf8_lossy(&self.data));
        let message = Received {
            to: std::mem::take(&mut self.to),
            text,
        };
        if let Some(dir) = &self.dir {
            let n = self.inbox.lock().map(|i| i.len()).unwrap_or(0);
            let name = format!("{:05}-{}.eml", n, message.to.join(","));
            let _ = std::fs::write(dir.join(name), &message.text);
        }
        self.inbox
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(message);
        OK
    }
}

/// Undoes quoted-printable: soft line breaks and `=XX` escapes.
fn decode(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Starts a sink on `addr` (port 0 for any free port) on its own threads; returns where it
/// listens and its inbox. With `dir`, each message is also written there as a file.
pub fn start(addr: &str, dir: Option<PathBuf>) -> std::io::Result<(SocketAddr, Inbox)> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    let inbox: Inbox = Arc::default();
    let sink = Sink {
        inbox: inbox.clone(),
        dir,
        refused: Arc::default(),
        to: Vec::new(),
        data: Vec::new(),
    };
    let mut server = Server::new(sink);
    server
        .with_name("sink.test")
        .with_ssl(SslConfig::None)
        .map_err(|e| std::io::Error::other(e.to_string()))?
        .with_num_threads(4)
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        if let Err(e) = server.serve() {
            eprintln!("the SMTP sink stopped: {e}");
        }
    });
    Ok((local, inbox))
}
