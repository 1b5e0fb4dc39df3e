//! The venue in a real headless Chromium: an operator types an ID number at the desk and
//! presses Enter — while the server cannot be reached the desk says so and keeps the input,
//! and once it can, the number appears, large; a station calls it; the board, open in
//! another tab, shows it being shot at that station without a reload.
//!
//! The browser reaches the server through a small TCP relay the test can cut and restore, the
//! way a desk loses and regains the venue's network.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use fantoccini::{Client, Locator};
use gradphoto_app::{App, OsRandom};
use gradphoto_domain::SystemClock;
use gradphoto_web::{AppState, WebConfig};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::browser_venue::{ENTER, PASSWORD, PATIENCE, Place, prepare, text_becomes};
use crate::chrome::{browser, fill_login, start_chromedriver};
use crate::files::STUDENTS;

/// A TCP relay in front of the server: `cut` closes its port and every connection through
/// it, `restore` opens the same port again.
struct Relay {
    addr: SocketAddr,
    server: SocketAddr,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Relay {
    async fn start(server: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let relay = Relay {
            addr: listener.local_addr().unwrap(),
            server,
            tasks: Arc::default(),
        };
        relay.accept(listener);
        relay
    }

    fn accept(&self, listener: TcpListener) {
        let (server, tasks) = (self.server, self.tasks.clone());
        let acceptor = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let piping = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(server).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                tasks.lock().unwrap().push(piping);
            }
        });
        self.tasks.lock().unwrap().push(acceptor);
    }

    fn cut(&self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    async fn restore(&self) {
        // The aborted acceptor drops its listener on its next poll: retry until the port is free.
        let deadline = Instant::now() + PATIENCE;
        let listener = loop {
            match TcpListener::bind(self.addr).await {
                Ok(l) => break l,
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                Err(e) => panic!("cannot reopen the relay's port: {e}"),
            }
        };
        self.accept(listener);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_id_number_is_called_and_shown_on_the_board() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("e2e.db").display());
    let repo = gradphoto_store::connect(&url).await.unwrap();
    let place = prepare(&repo, dir.path(), &["1号机位", "2号机位"]).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = listener.local_addr().unwrap();
    let state = AppState::new(
        App::new(repo.clone(), Arc::new(SystemClock), Arc::new(OsRandom)),
        WebConfig::default(),
    );
    tokio::spawn(gradphoto_web::serve(state, listener));
    let relay = Relay::start(server).await;

    let driver = start_chromedriver();
    let client = browser(&driver, &dir.path().join("profile")).await;
    let result = scenario(&client, &relay, &place).await;
    let _ = client.close().await;
    result.unwrap();

    // The browser showed what was stored.
    let day = gradphoto_domain::venue::shooting_day(Utc::now());
    let board = repo
        .board(gradphoto_domain::VenueId(place.venue), day)
        .await
        .unwrap();
    let shooting: Vec<i64> = board
        .stations
        .iter()
        .filter_map(|s| s.current.as_ref().map(|c| c.seq))
        .collect();
    assert_eq!(shooting, vec![1], "only number 1, and only once");
}

async fn displayed(client: &Client, css: &str) -> Result<bool, fantoccini::error::CmdError> {
    client.find(Locator::Css(css)).await?.is_displayed().await
}

async fn scenario(
    client: &Client,
    relay: &Relay,
    place: &Place,
) -> Result<(), fantoccini::error::CmdError> {
    let base = format!("http://{}", relay.addr);
    client.goto(&format!("{base}/login?next=/desk")).await?;
    fill_login(client, "operator", PASSWORD).await?;
    let input = client
        .wait()
        .for_element(Locator::Css("#credential"))
        .await?;
    let id_number = STUDENTS[0][4];

    // The network is down: a clear banner, the input kept, and no number.
    relay.cut();
    input.send_keys(&format!("{id_number}{ENTER}")).await?;
    let deadline = Instant::now() + PATIENCE;
    while !displayed(client, "#offline").await? {
        assert!(
            Instant::now() < deadline,
            "no banner while the server is unreachable"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let banner = client.find(Locator::Css("#offline")).await?.text().await?;
    assert!(banner.contains("无法连接服务器，本次未发号"), "{banner}");
    assert_eq!(input.prop("value").await?.as_deref(), Some(id_number));
    assert!(!displayed(client, "#ticket").await?, "never a fake ticket");

    // It is back: Enter again issues number 1, shown large; the banner goes.
    relay.restore().await;
    input.send_keys(ENTER).await?;
    text_becomes(client, "#t-seq", "1").await?;
    assert!(!displayed(client, "#offline").await?);
    assert_eq!(
        client.find(Locator::Css("#t-name")).await?.text().await?,
        "张*"
    );
    assert_eq!(
        client.find(Locator::Css("#t-class")).await?.text().await?,
        "190111"
    );
    let proof = client.find(Locator::Css("#t-proof")).await?.text().await?;
    assert_eq!(proof.len(), 8, "{proof}");
    let size: String = client
        .execute(
            "return getComputedStyle(document.getElementById('t-seq')).fontSize",
            vec![],
        )
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let px: f64 = size.trim_end_matches("px").parse().unwrap_or(0.0);
    assert!(px >= 64.0, "the number is shown large: {size}");
    assert_eq!(input.prop("value").await?.as_deref(), Some(""));

    // The board, open in its own tab before the call.
    let desk = client.window().await?;
    let board_tab = client.new_window(true).await?.handle;
    client.switch_to_window(board_tab.clone()).await?;
    client
        .goto(&format!("{base}/board/{}", place.venue))
        .await?;
    let card = format!(".board-station[data-station='{}'] .seq", place.station);
    text_becomes(client, &card, "—").await?;
    text_becomes(client, "#waiting", "1").await?;

    // The station calls the next number and sees who it is.
    client.switch_to_window(desk).await?;
    client
        .goto(&format!("{base}/stations/{}", place.station))
        .await?;
    client
        .find(Locator::Css("#call-next button"))
        .await?
        .click()
        .await?;
    text_becomes(client, "#called-name", STUDENTS[0][1]).await?;
    text_becomes(client, "#called-seq", "1").await?;

    // The board shows it without a reload.
    client.switch_to_window(board_tab).await?;
    text_becomes(client, &card, "1").await?;
    text_becomes(client, "#waiting", "0").await?;
    let who = format!(".board-station[data-station='{}'] .who", place.station);
    text_becomes(client, &who, &format!("{} · 190111", "张*")).await?;
    Ok(())
}
