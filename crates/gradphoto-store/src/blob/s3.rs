//! [`S3BlobStore`]: blobs as objects in an S3-compatible bucket, through `object_store`.
//!
//! Each blob is one object written by one PUT, which S3 makes visible all at once, so there is
//! nothing like the disk store's temporary files. Requests are signed over the payload's
//! SHA-256, which S3 checks on upload; the hash is checked again on every read.
//!
//! TLS uses rustls with the `ring` provider only (no aws-lc-rs build). rustls refuses to guess
//! when a process has more than one provider compiled in, so [`S3BlobStore::new`] installs `ring`
//! as the process default if nobody has installed one yet.

use std::fmt;
use std::path::Path;

use async_trait::async_trait;
use bytes::Bytes;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStoreExt, PutPayload, WriteMultipart};

use super::{BlobKey, BlobStore};
use crate::error::{Result, StoreError};

/// The size of each part of a multipart upload (S3's minimum is 5 MiB).
const PART_BYTES: usize = 8 << 20;

/// How to reach an S3-compatible bucket. `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    /// The bucket; it must exist already.
    pub bucket: String,
    /// Folder inside the bucket that holds the blobs (`""` for the bucket's top).
    pub prefix: String,
    /// `http(s)://host:port` of a non-AWS server (MinIO, Ceph, …); `None` for AWS itself.
    pub endpoint: Option<String>,
    /// The region requests are signed for (`us-east-1` suits most self-hosted servers).
    pub region: String,
    pub access_key_id: String,
    /// Never shown by `Debug` nor quoted in errors.
    pub secret_access_key: String,
    /// `host/bucket/key` requests rather than `bucket.host/key`; what most self-hosted servers
    /// expect.
    pub path_style: bool,
    /// Allow a plain-HTTP endpoint.
    pub allow_http: bool,
}

impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("path_style", &self.path_style)
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

impl S3Config {
    /// Reads `s3://BUCKET[/PREFIX]?KEY=VALUE&…`, with these keys (any other is refused):
    ///
    /// | key | default |
    /// |---|---|
    /// | `endpoint` | AWS itself |
    /// | `region` | `us-east-1` |
    /// | `access_key_id`, `secret_access_key` | `env("AWS_ACCESS_KEY_ID")`, `env("AWS_SECRET_ACCESS_KEY")` |
    /// | `path_style` (`true`/`false`) | `true` |
    /// | `allow_http` (`true`/`false`) | `true` when the endpoint starts with `http://` |
    ///
    /// Values are percent-decoded. `env` looks up an environment variable; it is a parameter so
    /// that callers (and tests) decide where credentials come from.
    pub fn from_url(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Self> {
        let bad = |reason: String| StoreError::BlobUrl(reason);
        let parsed =
            url::Url::parse(url).map_err(|e| bad(format!("not a URL ({e}): use s3://BUCKET?…")))?;
        if parsed.scheme() != "s3" {
            return Err(bad(format!("scheme {:?} is not s3", parsed.scheme())));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() || parsed.port().is_some() {
            return Err(bad(
                "put credentials in access_key_id= and secret_access_key=, not before the bucket"
                    .to_owned(),
            ));
        }
        let bucket = parsed.host_str().unwrap_or_default().to_owned();
        if bucket.is_empty() {
            return Err(bad("no bucket: use s3://BUCKET?…".to_owned()));
        }
        let prefix = parsed.path().trim_matches('/').to_owned();
        if !prefix.is_empty()
            && (prefix
                .split('/')
                .any(|s| s.is_empty() || s == "." || s == "..")
                || ObjectPath::parse(&prefix).is_err())
        {
            return Err(bad(format!("unusable folder {prefix:?} inside the bucket")));
        }

        let mut endpoint = None;
        let mut region = None;
        let mut access_key_id = None;
        let mut secret_access_key = None;
        let mut path_style = None;
        let mut allow_http = None;
        for (name, value) in parsed.query_pairs() {
            let slot = match name.as_ref() {
                "endpoint" => &mut endpoint,
                "region" => &mut region,
                "access_key_id" => &mut access_key_id,
                "secret_access_key" => &mut secret_access_key,
                "path_style" => &mut path_style,
                "allow_http" => &mut allow_http,
                other => {
                    return Err(bad(format!(
                        "unknown setting {other:?}: use endpoint, region, access_key_id, \
                         secret_access_key, path_style, allow_http"
                    )));
                }
            };
            if slot.replace(value.into_owned()).is_some() {
                return Err(bad(format!("{name} given twice")));
            }
        }
        let flag = |name: &str, value: Option<String>, default: bool| match value.as_deref() {
            None => Ok(default),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(other) => Err(bad(format!("{name}={other:?}: use true or false"))),
        };
        let plain_http = endpoint
            .as_deref()
            .is_some_and(|e| e.starts_with("http://"));
        let access_key_id = access_key_id
            .or_else(|| env("AWS_ACCESS_KEY_ID"))
            .ok_or_else(|| bad("no access_key_id= and no AWS_ACCESS_KEY_ID".to_owned()))?;
        let secret_access_key = secret_access_key
            .or_else(|| env("AWS_SECRET_ACCESS_KEY"))
            .ok_or_else(|| bad("no secret_access_key= and no AWS_SECRET_ACCESS_KEY".to_owned()))?;
        Ok(Self {
            bucket,
            prefix,
            endpoint,
            region: region.unwrap_or_else(|| "us-east-1".to_owned()),
            access_key_id,
            secret_access_key,
            path_style: flag("path_style", path_style, true)?,
            allow_http: flag("allow_http", allow_http, plain_http)?,
        })
    }
}

/// Blobs in an S3-compatible bucket.
pub struct S3BlobStore {
    store: AmazonS3,
    bucket: String,
    prefix: String,
    endpoint: Option<String>,
}

impl fmt::Debug for S3BlobStore {
    // Not derived: the client's own `Debug` shows its credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3BlobStore")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl S3BlobStore {
    /// A client for the bucket in `config`. Nothing is sent until the first request, so a wrong
    /// endpoint or key shows up then.
    pub fn new(config: &S3Config) -> Result<Self> {
        // Fails only if a provider is installed already, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_access_key_id(&config.access_key_id)
            .with_secret_access_key(&config.secret_access_key)
            .with_virtual_hosted_style_request(!config.path_style)
            .with_allow_http(config.allow_http);
        if let Some(endpoint) = &config.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        let store = builder
            .build()
            .map_err(|e| StoreError::BlobUrl(format!("S3 settings refused: {e}")))?;
        Ok(Self {
            store,
            bucket: config.bucket.clone(),
            prefix: config.prefix.clone(),
            endpoint: config.endpoint.clone(),
        })
    }

    /// The object name of `key`: the key itself, under the prefix if there is one.
    fn object(&self, key: &BlobKey) -> ObjectPath {
        if self.prefix.is_empty() {
            ObjectPath::from(key.as_str())
        } else {
            ObjectPath::from(format!("{}/{key}", self.prefix))
        }
    }
}

#[async_trait]
impl BlobStore for S3BlobStore {
    /// One PUT: S3 keeps one whole object either way.
    async fn write(&self, key: &BlobKey, bytes: Bytes) -> Result<()> {
        self.store
            .put(&self.object(key), PutPayload::from(bytes))
            .await
            .map_err(|e| s3_error("cannot write", key, &e))?;
        Ok(())
    }

    /// A multipart upload fed a block at a time (S3 parts are 5 MB at least): the object
    /// appears whole when the upload completes, or not at all.
    async fn write_file(&self, key: &BlobKey, path: &Path) -> Result<()> {
        use tokio::io::AsyncReadExt;
        let fail =
            |e: std::io::Error| StoreError::Blob(format!("cannot read {}: {e}", path.display()));
        let mut file = tokio::fs::File::open(path).await.map_err(fail)?;
        let upload = self
            .store
            .put_multipart(&self.object(key))
            .await
            .map_err(|e| s3_error("cannot start writing", key, &e))?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut block = vec![0; PART_BYTES];
        loop {
            let n = match file.read(&mut block).await {
                Ok(n) => n,
                Err(e) => {
                    let _ = writer.abort().await;
                    return Err(fail(e));
                }
            };
            if n == 0 {
                break;
            }
            writer
                .wait_for_capacity(2)
                .await
                .map_err(|e| s3_error("cannot write", key, &e))?;
            writer.write(&block[..n]);
        }
        writer
            .finish()
            .await
            .map_err(|e| s3_error("cannot write", key, &e))?;
        Ok(())
    }

    async fn read(&self, key: &BlobKey) -> Result<Bytes> {
        let read = match self.store.get(&self.object(key)).await {
            Ok(found) => found.bytes().await,
            Err(e) => Err(e),
        };
        match read {
            Ok(bytes) => Ok(bytes),
            Err(object_store::Error::NotFound { .. }) => {
                Err(StoreError::NotFound(format!("blob {key}")))
            }
            Err(e) => Err(s3_error("cannot read", key, &e)),
        }
    }

    async fn exists(&self, key: &BlobKey) -> Result<bool> {
        match self.store.head(&self.object(key)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(s3_error("cannot inspect", key, &e)),
        }
    }
}

fn s3_error(doing: &str, key: &BlobKey, e: &object_store::Error) -> StoreError {
    StoreError::Blob(format!("{doing} {key} in S3: {e}"))
}
