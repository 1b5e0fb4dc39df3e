//! The blob store conformance suite: every behaviour of [`BlobStore`] is checked on local disk
//! (in a temporary folder) and on a real S3 server ([`crate::s3_server`]), each test with a store
//! of its own, both opened from a URL as the application opens them.

use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use gradphoto_store::{BlobKey, BlobStore, DiskBlobStore, S3Config, StoreError, open_blob_store};
use object_store::ObjectStoreExt;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::s3_server::{self, S3Server};

/// A store under test and a way around it, to look at or damage what it stored.
struct TestBlobs {
    store: Arc<dyn BlobStore>,
    backend: Backend,
}

enum Backend {
    Disk {
        disk: DiskBlobStore,
        _dir: tempfile::TempDir,
    },
    S3(S3Server),
}

impl TestBlobs {
    async fn disk() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("blobs");
        let url = format!("file://{}", root.display());
        let store = open_blob_store(&url).await.unwrap();
        let disk = DiskBlobStore::open(&root).await.unwrap();
        Self {
            store,
            backend: Backend::Disk { disk, _dir: dir },
        }
    }

    async fn s3() -> Self {
        let server = s3_server::start().await;
        let store = open_blob_store(&server.url()).await.unwrap();
        Self {
            store,
            backend: Backend::S3(server),
        }
    }

    /// The file that holds `key`: the store's own on disk, the server's behind S3.
    fn file_of(&self, key: &BlobKey) -> PathBuf {
        match &self.backend {
            Backend::Disk { disk, .. } => disk.path_of(key),
            Backend::S3(server) => server.object_file(key.as_str()),
        }
    }

    /// Replaces what is stored under `key` without going through the store: a file edited on
    /// disk, an object overwritten by another S3 client.
    async fn overwrite_behind_the_back(&self, key: &BlobKey, bytes: &[u8]) {
        match &self.backend {
            Backend::Disk { disk, .. } => std::fs::write(disk.path_of(key), bytes).unwrap(),
            Backend::S3(server) => {
                let raw = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(&server.bucket)
                    .with_region("us-east-1")
                    .with_endpoint(&server.endpoint)
                    .with_access_key_id(&server.access_key)
                    .with_secret_access_key(&server.secret_key)
                    .with_allow_http(true)
                    .build()
                    .unwrap();
                let path = object_store::path::Path::from(key.as_str());
                raw.put(&path, Bytes::copy_from_slice(bytes).into())
                    .await
                    .unwrap();
            }
        }
    }
}

/// Declares each listed `async fn(&TestBlobs)` as a test on both backends.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod disk {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(&super::TestBlobs::disk().await).await;
                }
            )*
        }
        mod s3 {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(&super::TestBlobs::s3().await).await;
                }
            )*
        }
    };
}

on_both_backends!(
    round_trip_under_the_content_hash,
    putting_stored_content_again_writes_nothing,
    a_damaged_original_is_an_error_never_bytes,
    a_missing_blob_is_not_found,
    renditions_are_rewritten_beside_the_original,
    concurrent_puts_of_the_same_photo_agree,
    readers_never_see_half_a_rendition,
    a_file_is_stored_as_it_is_read,
);

/// A file larger than one upload part (an export package) is stored a block at a time under
/// its content hash, reads back whole, is not written twice, and a missing file is an error.
async fn a_file_is_stored_as_it_is_read(t: &TestBlobs) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("package.zip");
    let bytes = photo(20 << 20);
    std::fs::write(&path, &bytes).unwrap();
    let key = t.store.put_file(&path).await.unwrap();
    assert_eq!(key.hash_hex(), sha256_hex(&bytes));
    assert_eq!(t.store.get(&key).await.unwrap(), bytes);
    assert_eq!(t.store.put_file(&path).await.unwrap(), key);
    let missing = t.store.put_file(&dir.path().join("absent.zip")).await;
    assert!(matches!(missing, Err(StoreError::Blob(_))), "{missing:?}");
}

fn photo(len: usize) -> Bytes {
    let mut bytes = vec![0; len];
    rand::rng().fill_bytes(&mut bytes);
    Bytes::from(bytes)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn inode(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).unwrap().ino()
}

async fn round_trip_under_the_content_hash(t: &TestBlobs) {
    let bytes = photo(300_000);
    let hash = sha256_hex(&bytes);

    let key = t.store.put(bytes.clone()).await.unwrap();

    assert_eq!(
        key.as_str(),
        format!("sha256/{}/{}/{hash}", &hash[..2], &hash[2..4])
    );
    assert_eq!(key.hash_hex(), hash);
    assert_eq!(t.store.get(&key).await.unwrap(), bytes);
    assert!(t.store.exists(&key).await.unwrap());
    // The bytes really sit under the key, not somewhere only this store knows.
    assert_eq!(std::fs::read(t.file_of(&key)).unwrap(), bytes);

    // The empty file is content too.
    let empty = t.store.put(Bytes::new()).await.unwrap();
    assert_eq!(empty.hash_hex(), sha256_hex(b""));
    assert!(t.store.get(&empty).await.unwrap().is_empty());
}

async fn putting_stored_content_again_writes_nothing(t: &TestBlobs) {
    let bytes = photo(50_000);
    let key = t.store.put(bytes.clone()).await.unwrap();
    let file = t.file_of(&key);
    // Both backends write by renaming a new file into place, so a rewrite changes the inode.
    let before = inode(&file);

    let again = t.store.put(bytes.clone()).await.unwrap();

    assert_eq!(again, key);
    assert_eq!(inode(&file), before, "the original was written again");
    assert_eq!(t.store.get(&key).await.unwrap(), bytes);
}

async fn a_damaged_original_is_an_error_never_bytes(t: &TestBlobs) {
    let bytes = photo(100_000);
    let key = t.store.put(bytes.clone()).await.unwrap();

    // One flipped bit, same length.
    let mut flipped = bytes.to_vec();
    flipped[54_321] ^= 0x01;
    t.overwrite_behind_the_back(&key, &flipped).await;
    match t.store.get(&key).await {
        Err(StoreError::BlobCorrupt { key: k, actual }) => {
            assert_eq!(k, key.as_str());
            assert_eq!(actual, sha256_hex(&flipped));
        }
        // Not the bytes themselves: 100 kB of them would bury the message.
        other => panic!(
            "expected BlobCorrupt, got {:?}",
            other.map(|bytes| format!("{} bytes", bytes.len()))
        ),
    }

    // Cut short, as a full disk or a bad copy would leave it.
    t.overwrite_behind_the_back(&key, &bytes[..1000]).await;
    let err = t.store.get(&key).await.unwrap_err();
    assert!(matches!(err, StoreError::BlobCorrupt { .. }), "{err:?}");
    assert!(err.to_string().contains(key.as_str()), "{err}");

    // Still there: `exists` does not read.
    assert!(t.store.exists(&key).await.unwrap());
}

async fn a_missing_blob_is_not_found(t: &TestBlobs) {
    let key = BlobKey::of(b"never stored");

    let err = t.store.get(&key).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    assert!(!t.store.exists(&key).await.unwrap());

    let thumb = key.rendition("thumb.jpg").unwrap();
    let err = t.store.get(&thumb).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    assert!(!t.store.exists(&thumb).await.unwrap());
}

async fn renditions_are_rewritten_beside_the_original(t: &TestBlobs) {
    let original = photo(20_000);
    let key = t.store.put(original.clone()).await.unwrap();
    let hash = key.hash_hex();

    let thumb = t
        .store
        .put_rendition(&key, "thumb.jpg", Bytes::from_static(b"first rendering"))
        .await
        .unwrap();
    assert_eq!(
        thumb.as_str(),
        format!("renditions/{}/{}/{hash}/thumb.jpg", &hash[..2], &hash[2..4])
    );
    assert_eq!(thumb.original(), key);
    assert_eq!(thumb.rendition_name(), Some("thumb.jpg"));
    assert_eq!(
        t.store.get(&thumb).await.unwrap(),
        Bytes::from_static(b"first rendering")
    );

    let again = t
        .store
        .put_rendition(&key, "thumb.jpg", Bytes::from_static(b"second, better"))
        .await
        .unwrap();
    assert_eq!(again, thumb);
    assert_eq!(
        t.store.get(&thumb).await.unwrap(),
        Bytes::from_static(b"second, better")
    );
    // The original is untouched by its renditions.
    assert_eq!(t.store.get(&key).await.unwrap(), original);

    for name in [
        "",
        "../x.jpg",
        "a/b.jpg",
        ".hidden",
        "Thumb.jpg",
        "..",
        "x y.jpg",
    ] {
        let err = t
            .store
            .put_rendition(&key, name, Bytes::from_static(b"x"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::InvalidBlobKey(_)),
            "{name:?}: {err:?}"
        );
    }
    // Renditions are made of originals, not of other renditions.
    let err = t
        .store
        .put_rendition(&thumb, "small.jpg", Bytes::from_static(b"x"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidBlobKey(_)), "{err:?}");
}

async fn concurrent_puts_of_the_same_photo_agree(t: &TestBlobs) {
    let bytes = photo(500_000);
    let mut puts = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let store = Arc::clone(&t.store);
        let bytes = bytes.clone();
        puts.spawn(async move { store.put(bytes).await });
    }

    let keys = puts.join_all().await;

    let expected = BlobKey::of(&bytes);
    for key in keys {
        assert_eq!(key.unwrap(), expected);
    }
    assert_eq!(t.store.get(&expected).await.unwrap(), bytes);
    if let Backend::Disk { disk, .. } = &t.backend {
        let leftovers = std::fs::read_dir(disk.root().join("tmp")).unwrap().count();
        assert_eq!(leftovers, 0, "temporary files left behind");
    }
}

async fn readers_never_see_half_a_rendition(t: &TestBlobs) {
    const LEN: usize = 2 << 20;
    let key = t.store.put(photo(1000)).await.unwrap();
    let thumb = t
        .store
        .put_rendition(&key, "preview.jpg", Bytes::from(vec![b'a'; LEN]))
        .await
        .unwrap();

    let writer = {
        let store = Arc::clone(&t.store);
        let key = key.clone();
        tokio::spawn(async move {
            for round in 0..20 {
                let fill = if round % 2 == 0 { b'b' } else { b'a' };
                store
                    .put_rendition(&key, "preview.jpg", Bytes::from(vec![fill; LEN]))
                    .await
                    .unwrap();
            }
        })
    };
    let mut reads = 0;
    while !writer.is_finished() || reads == 0 {
        let seen = t.store.get(&thumb).await.unwrap();
        assert_eq!(seen.len(), LEN, "a reader saw part of a write");
        assert!(
            seen.iter().all(|&c| c == seen[0]),
            "a reader saw two writes mixed"
        );
        reads += 1;
    }
    writer.await.unwrap();
}

#[tokio::test]
async fn an_interrupted_write_leaves_nothing_under_the_key_and_is_swept() {
    let dir = tempfile::tempdir().unwrap();
    let disk = DiskBlobStore::open(dir.path()).await.unwrap();
    let bytes = photo(200_000);
    let key = BlobKey::of(&bytes);
    // What a crash between writing and renaming leaves: part of the photo in tmp/.
    let leftover = dir.path().join("tmp").join("99999-0.part");
    std::fs::write(&leftover, &bytes[..70_000]).unwrap();

    assert!(!disk.exists(&key).await.unwrap());
    let err = disk.get(&key).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");

    assert_eq!(disk.put(bytes.clone()).await.unwrap(), key);
    assert_eq!(disk.get(&key).await.unwrap(), bytes);

    // A write that might still be going on (recent) is spared; an old one is removed.
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    assert_eq!(disk.sweep_temp(an_hour_ago).await.unwrap(), 0);
    assert!(leftover.exists());
    let later = SystemTime::now() + Duration::from_secs(60);
    assert_eq!(disk.sweep_temp(later).await.unwrap(), 1);
    assert!(!leftover.exists());
    assert_eq!(disk.get(&key).await.unwrap(), bytes);
}

#[test]
fn keys_accept_only_what_the_store_writes() {
    let key = BlobKey::of(b"photo");
    let hash = sha256_hex(b"photo");
    assert_eq!(BlobKey::parse(key.as_str()).unwrap(), key);
    assert_eq!(key.to_string().parse::<BlobKey>().unwrap(), key);
    assert!(key.is_original());
    assert_eq!(key.rendition_name(), None);
    assert_eq!(key.hash_hex(), hash);
    let thumb = key.rendition("thumb_2x.v1-a.jpg").unwrap();
    assert_eq!(BlobKey::parse(thumb.as_str()).unwrap(), thumb);
    assert!(!thumb.is_original());
    assert_eq!(thumb.hash_hex(), hash);

    let (a, b) = (&hash[..2], &hash[2..4]);
    let upper = hash.to_uppercase();
    let short = &hash[..63];
    let rejected = [
        String::new(),
        "sha256/".into(),
        "../../etc/passwd".into(),
        "/etc/passwd".into(),
        format!("/sha256/{a}/{b}/{hash}"),
        format!("sha256/{a}/{b}/{hash}/"),
        format!("sha256/{a}/{b}/{hash}/../../x"),
        format!("sha256/{a}/{b}/../{hash}"),
        format!("sha256/../{b}/{hash}"),
        format!("sha256/{a}/{b}/{hash}\n"),
        format!("sha256/{}/{}/{upper}", &upper[..2], &upper[2..4]),
        format!("sha256/{a}/{b}/{short}"),
        format!("sha256/{b}/{a}/{hash}"),
        format!("sha256/{hash}"),
        format!("sha256\\{a}\\{b}\\{hash}"),
        format!("md5/{a}/{b}/{hash}"),
        format!("renditions/{hash}/thumb.jpg"),
        format!("renditions/{a}/{b}/{hash}"),
        format!("renditions/{a}/{b}/{hash}/"),
        format!("renditions/{a}/{b}/{hash}/.."),
        format!("renditions/{a}/{b}/{hash}/../../../../sha256/{a}/{b}/{hash}"),
        format!("renditions/{a}/{b}/{hash}/a/b.jpg"),
        format!("renditions/{a}/{b}/{hash}/.hidden"),
        format!("renditions/{a}/{b}/{hash}/{}", "x".repeat(65)),
    ];
    for garbage in rejected {
        let err = BlobKey::parse(&garbage).unwrap_err();
        assert!(matches!(err, StoreError::InvalidBlobKey(_)), "{garbage:?}");
    }
}

#[tokio::test]
async fn blob_urls_pick_the_backend_or_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    // A plain path works like file://.
    let plain = dir.path().join("plain");
    let store = open_blob_store(plain.to_str().unwrap()).await.unwrap();
    let key = store.put(Bytes::from_static(b"x")).await.unwrap();
    assert!(plain.join(key.as_str()).is_file());

    for url in [
        "",
        "ftp://host/x",
        "file:relative",
        "file://host/x",
        "s3://",
        "s3://bucket?region=x&bogus=1",
    ] {
        let err = open_blob_store(url).await.unwrap_err();
        assert!(matches!(err, StoreError::BlobUrl(_)), "{url:?}: {err:?}");
    }
}

#[test]
fn s3_settings_come_from_the_url_then_the_environment_and_hide_the_secret() {
    let no_env = |_: &str| None;
    let env = |name: &str| match name {
        "AWS_ACCESS_KEY_ID" => Some("env-key".to_owned()),
        "AWS_SECRET_ACCESS_KEY" => Some("env-secret".to_owned()),
        _ => None,
    };

    let url = "s3://photos/campus-a/2023?endpoint=http://127.0.0.1:9000\
               &access_key_id=ak&secret_access_key=s3cr%2Bt%2Fx";
    let config = S3Config::from_url(url, &env).unwrap();
    assert_eq!(
        config,
        S3Config {
            bucket: "photos".into(),
            prefix: "campus-a/2023".into(),
            endpoint: Some("http://127.0.0.1:9000".into()),
            region: "us-east-1".into(),
            access_key_id: "ak".into(),
            secret_access_key: "s3cr+t/x".into(),
            path_style: true,
            allow_http: true,
        }
    );
    let debug = format!("{config:?}");
    assert!(!debug.contains("s3cr"), "{debug}");

    let config = S3Config::from_url(
        "s3://photos?endpoint=https://s3.example.edu&region=cn-north-1&path_style=false",
        &env,
    )
    .unwrap();
    assert_eq!(config.access_key_id, "env-key");
    assert_eq!(config.secret_access_key, "env-secret");
    assert_eq!(config.region, "cn-north-1");
    assert!(!config.path_style);
    assert!(!config.allow_http);

    for url in [
        "s3://photos",
        "s3://photos?access_key_id=ak",
        "s3://photos?access_key_id=ak&secret_access_key=sk&secret_access_key=sk",
        "s3://photos?access_key_id=ak&secret_access_key=sk&allow_http=yes",
        "s3://photos?access_key_id=ak&secret_access_key=sk&secret=oops",
        "s3://photos/a//b?access_key_id=ak&secret_access_key=sk",
        "s3://ak:sk@photos",
        "http://photos?access_key_id=ak&secret_access_key=sk",
    ] {
        let url = url
            .replace("=sk", "=TOPSECRET")
            .replace(":sk@", ":TOPSECRET@");
        let err = S3Config::from_url(&url, &no_env).unwrap_err();
        assert!(matches!(err, StoreError::BlobUrl(_)), "{url:?}: {err:?}");
        assert!(!err.to_string().contains("TOPSECRET"), "{url:?}: {err}");
    }
}

#[tokio::test]
async fn s3_with_a_prefix_keeps_blobs_in_its_folder_and_a_wrong_secret_is_an_error() {
    let server = s3_server::start().await;
    let url = server
        .url()
        .replacen("s3://photos?", "s3://photos/campus-a?", 1);
    let store = open_blob_store(&url).await.unwrap();
    let debug = format!("{store:?}");
    assert!(!debug.contains(&server.secret_key), "{debug}");

    let key = store.put(Bytes::from_static(b"photo")).await.unwrap();
    let file = server.object_file(&format!("campus-a/{key}"));
    assert_eq!(std::fs::read(file).unwrap(), b"photo");
    assert_eq!(store.get(&key).await.unwrap(), Bytes::from_static(b"photo"));

    let wrong = server.url().replace(&server.secret_key, "not-the-secret");
    let store = open_blob_store(&wrong).await.unwrap();
    let err = store.get(&key).await.unwrap_err();
    assert!(matches!(err, StoreError::Blob(_)), "{err:?}");
}
