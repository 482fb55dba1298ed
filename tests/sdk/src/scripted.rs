//! A scripted HTTP/1.1 server on loopback, over a bare `TcpListener`, so that it can do what
//! a mock server cannot: cut a connection halfway through a body, stall, or stream a body
//! without end. It counts the attempts it sees and keeps each request's head.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How long [`Fault::Stall`] keeps a request waiting: longer than any client timeout the
/// tests set.
pub const STALL: Duration = Duration::from_millis(1200);

/// How the server answers every attempt.
#[derive(Clone, Debug)]
pub enum Fault {
    /// A status with this body and content type.
    Respond {
        status: u16,
        content_type: String,
        body: Vec<u8>,
        headers: Vec<(&'static str, &'static str)>,
    },
    /// Headers promising 1000 bytes, 10 bytes of body, then a reset.
    ResetMidBody,
    /// No answer until well past the client's timeout.
    Stall,
    /// A chunked body that never ends.
    Endless,
    /// Nothing listens: refused before any byte is sent.
    Refused,
}

pub fn json_body(status: u16, body: &Value) -> Fault {
    Fault::Respond {
        status,
        content_type: "application/json".into(),
        body: body.to_string().into_bytes(),
        headers: vec![],
    }
}

pub struct Server {
    pub address: String,
    /// How many connections it accepted: one per attempt.
    pub attempts: Arc<AtomicUsize>,
    /// The head of each request received.
    pub heads: Arc<Mutex<Vec<String>>>,
}

/// A server on a free loopback port answering every request with `fault`.
pub async fn serve(fault: Fault) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let attempts = Arc::new(AtomicUsize::new(0));
    let heads = Arc::new(Mutex::new(Vec::new()));
    let (counter, seen) = (attempts.clone(), heads.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(answer(stream, fault.clone(), seen.clone()));
        }
    });
    Server {
        address,
        attempts,
        heads,
    }
}

/// Reads one request; returns its head (request line and headers), lower-cased.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let n = stream.read(&mut buffer).await?;
        if n == 0 {
            return Ok(String::new());
        }
        data.extend_from_slice(&buffer[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while data.len() < end + 4 + length {
                let n = stream.read(&mut buffer).await?;
                if n == 0 {
                    break;
                }
                data.extend_from_slice(&buffer[..n]);
            }
            return Ok(head);
        }
    }
}

async fn answer(mut stream: TcpStream, fault: Fault, heads: Arc<Mutex<Vec<String>>>) -> std::io::Result<()> {
    let head = read_request(&mut stream).await?;
    heads.lock().unwrap().push(head);
    match fault {
        Fault::Respond {
            status,
            content_type,
            body,
            headers,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} Scripted\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            stream.write_all(format!("{head}\r\n").as_bytes()).await?;
            stream.write_all(&body).await?;
        }
        Fault::ResetMidBody => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"count\": 1";
            stream.write_all(head.as_bytes()).await?;
            stream.flush().await?;
            // Linger 0: closing sends a reset instead of an orderly end of stream.
            #[allow(deprecated)] // deprecated for blocking on close; a zero linger never blocks
            stream.set_linger(Some(Duration::ZERO))?;
            drop(stream);
        }
        Fault::Stall => {
            tokio::time::sleep(STALL).await;
        }
        // Served by no one: the test points the client at a closed port instead.
        Fault::Refused => {}
        Fault::Endless => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
            stream.write_all(head.as_bytes()).await?;
            let chunk = format!("{:x}\r\n{}\r\n", 8192, " ".repeat(8192));
            // Bounded only by the client giving up (or a generous cap, so the test ends).
            for _ in 0..10_000 {
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    break;
                }
            }
        }
    }
    Ok(())
}
