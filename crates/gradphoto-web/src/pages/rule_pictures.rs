//! The pictures of the rules on the student's page: photos of the registry pack's fixtures as
//! the judging engine drew them (face box, hair-top and eye-line bands; green where a rule
//! passed, red where it failed), made by `gradphoto-photo`'s `rule_pictures` example and
//! kept in `static/rules/`. Each comes with what it shows in plain words.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::{WebError, not_found_msg};

/// Each picture: its name, whether it passes, and the catalogue key of its caption.
pub(crate) const PICTURES: [(&str, bool, &str); 7] = [
    ("good-blue", true, "rules.good"),
    ("top-blue", false, "rules.top"),
    ("lenses-tinted", false, "rules.tinted"),
    ("lenses-glare", false, "rules.glare"),
    ("hair-over-brows", false, "rules.hair"),
    ("eyes-closed", false, "rules.eyes"),
    ("mouth-open", false, "rules.mouth"),
];

fn bytes(name: &str) -> Option<&'static [u8]> {
    Some(match name {
        "good-blue.jpg" => include_bytes!("../../static/rules/good-blue.jpg"),
        "top-blue.jpg" => include_bytes!("../../static/rules/top-blue.jpg"),
        "lenses-tinted.jpg" => include_bytes!("../../static/rules/lenses-tinted.jpg"),
        "lenses-glare.jpg" => include_bytes!("../../static/rules/lenses-glare.jpg"),
        "hair-over-brows.jpg" => include_bytes!("../../static/rules/hair-over-brows.jpg"),
        "eyes-closed.jpg" => include_bytes!("../../static/rules/eyes-closed.jpg"),
        "mouth-open.jpg" => include_bytes!("../../static/rules/mouth-open.jpg"),
        _ => return None,
    })
}

/// `GET /static/rules/{name}.jpg`.
pub(crate) async fn picture(Path(name): Path<String>) -> Result<Response, WebError> {
    let body = bytes(&name).ok_or_else(|| WebError::NotFound(not_found_msg()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
        .into_response())
}
