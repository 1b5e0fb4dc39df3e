//! Takes screenshots of a running gradphoto in headless Chromium, for the README and for
//! looking at pages by eye:
//! `cargo run -p gradphoto --example screenshot -- BASE_URL LOGIN PASSWORD OUT_DIR PATH...`
//! (chromedriver on port 9515: `chromedriver --port=9515 &`; `SCREENSHOT_HEIGHT` sets the window's
//! height, 860 px by default).

use fantoccini::{ClientBuilder, Locator};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, login, password, out, paths @ ..] = args.as_slice() else {
        return Err("usage: screenshot BASE_URL LOGIN PASSWORD OUT_DIR PATH...".into());
    };
    // A taller window shows a whole page (`SCREENSHOT_HEIGHT=1800`).
    let height = std::env::var("SCREENSHOT_HEIGHT").unwrap_or_else(|_| "860".to_owned());
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     "--disable-background-networking", format!("--window-size=1280,{height}")]
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        return Err("capabilities".into());
    };
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect("http://127.0.0.1:9515")
        .await?;
    client.goto(&format!("{base}/login")).await?;
    client
        .find(Locator::Css("input[name=login]"))
        .await?
        .send_keys(login)
        .await?;
    client
        .find(Locator::Css("input[name=password]"))
        .await?
        .send_keys(password)
        .await?;
    client
        .find(Locator::Css("#staff-login button[type=submit]"))
        .await?
        .click()
        .await?;
    client.wait().for_element(Locator::Css("nav")).await?;
    for (i, path) in paths.iter().enumerate() {
        client.goto(&format!("{base}{path}")).await?;
        let png = client.screenshot().await?;
        let file = format!("{out}/page-{i}.png");
        std::fs::write(&file, png)?;
        println!("{path} → {file}");
    }
    client.close().await?;
    Ok(())
}
