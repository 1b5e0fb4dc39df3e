//! The application on a real socket, for what `oneshot` cannot show: many connections at
//! once, and event streams that stay open.

use std::net::SocketAddr;

use axum::body::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use gradphoto_web::AppState;

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// Serves the application on a free port of 127.0.0.1 in the test's runtime.
pub async fn start(state: AppState) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(gradphoto_web::serve(state, listener));
    addr
}

pub fn http_client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// Reads server-sent events from a response body as they arrive: the JSON of each `data:`.
pub struct Events<B> {
    body: B,
    buffer: String,
}

impl<B> Events<B>
where
    B: http_body_util::BodyExt<Data = Bytes> + Unpin,
    B::Error: std::fmt::Debug,
{
    pub fn new(body: B) -> Self {
        Self {
            body,
            buffer: String::new(),
        }
    }

    /// The next event's data, or `None` when the stream ended.
    pub async fn next(&mut self) -> Option<serde_json::Value> {
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let data: Vec<&str> = block
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(str::trim_start)
                    .collect();
                if !data.is_empty() {
                    return Some(serde_json::from_str(&data.join("\n")).unwrap());
                }
            }
            let frame = self.body.frame().await?.unwrap();
            if let Ok(bytes) = frame.into_data() {
                self.buffer.push_str(std::str::from_utf8(&bytes).unwrap());
            }
        }
    }
}

/// The body of a small response, as text.
pub async fn text<B>(body: B) -> String
where
    B: http_body_util::BodyExt,
    B::Error: std::fmt::Debug,
{
    let bytes = body.collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}
