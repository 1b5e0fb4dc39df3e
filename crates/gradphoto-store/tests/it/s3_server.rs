//! A real S3 server for tests: `s3s-fs` serving a temporary folder on 127.0.0.1, in the test's
//! own process, with a fixed access key and one empty bucket.
//!
//! The listener is bound before [`start`] returns, so the server is ready at once: connections
//! wait in the backlog until the accept loop takes them. The server stops when the [`S3Server`]
//! is dropped (or with the test's runtime), and its folder is removed.

use std::path::PathBuf;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;
use tokio::net::TcpListener;

pub const ACCESS_KEY: &str = "gradphoto-test";
pub const SECRET_KEY: &str = "gradphoto-test-secret";
pub const BUCKET: &str = "photos";

/// A running server; see the module documentation.
pub struct S3Server {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    pub bucket: String,
    pub access_key: String,
    pub secret_key: String,
    /// The folder behind the server: bucket `B`'s object `K` is the file `dir/B/K`.
    pub dir: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl S3Server {
    /// A blob store URL for the bucket, credentials included.
    pub fn url(&self) -> String {
        format!(
            "s3://{}?endpoint={}&region=us-east-1&access_key_id={}&secret_access_key={}\
             &path_style=true&allow_http=true",
            self.bucket, self.endpoint, self.access_key, self.secret_key
        )
    }

    /// The file that holds object `key` of the bucket, to read or damage behind the store's back.
    pub fn object_file(&self, key: &str) -> PathBuf {
        key.split('/')
            .fold(self.dir.path().join(&self.bucket), |path, segment| {
                path.join(segment)
            })
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts a server on a free port with an empty bucket [`BUCKET`].
pub async fn start() -> S3Server {
    let dir = tempfile::tempdir().unwrap();
    // s3s-fs keeps a bucket as a folder under its root.
    std::fs::create_dir(dir.path().join(BUCKET)).unwrap();
    let fs = s3s_fs::FileSystem::new(dir.path()).unwrap();
    let mut builder = S3ServiceBuilder::new(fs);
    builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
    let service = builder.build();

    let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                continue;
            };
            let service = service.clone();
            tokio::spawn(async move {
                let _ = ConnBuilder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(socket), service)
                    .await;
            });
        }
    });
    S3Server {
        endpoint,
        bucket: BUCKET.to_owned(),
        access_key: ACCESS_KEY.to_owned(),
        secret_key: SECRET_KEY.to_owned(),
        dir,
        task,
    }
}
