//! Shipping service: quotes a shipping cost for a number of items over HTTP
//! (`GET /quote?items=3` → `{"costCents":…}`) and answers `GET /health`. Standard library only,
//! one thread per connection.
use std::env;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

fn quote(items: u32) -> u32 {
    // A flat fee plus a little per item, capped.
    (499 + items.saturating_mul(150)).min(4999)
}

fn respond(stream: &mut TcpStream, status: &str, body: &str) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn handle(mut stream: TcpStream) -> std::io::Result<()> {
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line)?;
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    match path {
        "/health" => respond(&mut stream, "200 OK", "{\"status\":\"ok\"}"),
        "/quote" => {
            let items = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("items="))
                .and_then(|value| value.parse().ok())
                .unwrap_or(1);
            respond(&mut stream, "200 OK", &format!("{{\"costCents\":{}}}", quote(items)))
        }
        _ => respond(&mut stream, "404 Not Found", "{\"error\":\"not found\"}"),
    }
}

fn main() -> std::io::Result<()> {
    let port = env::var("PORT").unwrap_or_else(|_| "50051".to_string());
    let listener = TcpListener::bind(format!("0.0.0.0:{port}"))?;
    println!("shipping: HTTP on {port}");
    for stream in listener.incoming().flatten() {
        thread::spawn(move || {
            let _ = handle(stream);
        });
    }
    Ok(())
}
