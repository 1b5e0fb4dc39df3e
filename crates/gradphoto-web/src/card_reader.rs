//! What a resident ID card reader gives the desk (national-rules §3): the JSON that common
//! reader services return — `certNumber, partyName, gender, nation, bornDay, certAddress,
//! certOrg, effDate, expDate, certType, identityPic` — read into the three things check-in
//! uses: the ID number, the name on the card (compared with the roster), and the chip photo
//! (kept with the ticket, so the station can compare faces).
//!
//! The address, issuing authority, validity and the other fields are accepted and dropped on
//! purpose: the collection has no use for them, and data not kept cannot leak.

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
pub use gradphoto_app::checkin::ChipPhoto;
use gradphoto_domain::{IdNumber, Msg};
use serde_json::{Map, Value};

use crate::error::WebError;

/// The largest chip photo kept. Readers decode the chip's image to 102 x 126 pixels: about
/// 38 KB as a BMP, much less as JPEG or PNG.
pub const MAX_CHIP_PHOTO_BYTES: usize = 64 * 1024;

/// A card as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderCard {
    pub id_number: IdNumber,
    /// `partyName`, trimmed; `None` when the reader sent none.
    pub name: Option<String>,
    pub chip_photo: Option<ChipPhoto>,
}

fn invalid(field: &'static str, zh: String, en: String) -> WebError {
    WebError::Invalid {
        field,
        msg: Msg::new(zh, en),
    }
}

/// A text field of a JSON object: `None` when absent or null, an error naming the field when
/// it holds anything but a string (an ID number sent as a JSON number may have lost digits).
pub(crate) fn text_field<'a>(
    obj: &'a Map<String, Value>,
    field: &'static str,
) -> Result<Option<&'a str>, WebError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(invalid(
            field,
            format!("字段 {field} 应为文本（字符串），收到的是 {other}"),
            format!("field {field} should be text (a string), not {other}"),
        )),
    }
}

/// Reads a card from the reader's JSON object. `certNumber` must be there and be a valid ID
/// number; `identityPic`, when not empty, must be a BMP, JPEG or PNG image in base64.
pub fn parse_card(obj: &Map<String, Value>) -> Result<ReaderCard, WebError> {
    let raw = text_field(obj, "certNumber")?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            invalid(
                "certNumber",
                "缺少 certNumber（身份证号）：请重新读卡".to_owned(),
                "certNumber (the ID number) is missing: read the card again".to_owned(),
            )
        })?;
    let id_number = IdNumber::parse(raw).map_err(|e| {
        let msg = e.msg();
        invalid(
            "certNumber",
            format!("certNumber（身份证号）：{}", msg.zh),
            format!("certNumber (ID number): {}", msg.en),
        )
    })?;
    let name = text_field(obj, "partyName")?
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let chip_photo = match text_field(obj, "identityPic")? {
        Some(pic) if !pic.trim().is_empty() => Some(decode_picture(pic)?),
        _ => None,
    };
    Ok(ReaderCard {
        id_number,
        name,
        chip_photo,
    })
}

/// Base64 as reader services write it: with or without padding, perhaps broken into lines,
/// perhaps as a `data:` URL.
fn decode_picture(raw: &str) -> Result<ChipPhoto, WebError> {
    let body = match raw.trim().split_once(";base64,") {
        Some((head, rest)) if head.starts_with("data:") => rest,
        _ => raw,
    };
    let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let too_large = || {
        invalid(
            "identityPic",
            format!(
                "identityPic（证件照片）超过 {} KB 的上限",
                MAX_CHIP_PHOTO_BYTES / 1024
            ),
            format!(
                "identityPic (the chip photo) is over the limit of {} KB",
                MAX_CHIP_PHOTO_BYTES / 1024
            ),
        )
    };
    // Refused before decoding: four characters carry three bytes.
    if compact.len() / 4 * 3 > MAX_CHIP_PHOTO_BYTES + 3 {
        return Err(too_large());
    }
    let engine = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let bytes = engine.decode(compact.as_bytes()).map_err(|e| {
        invalid(
            "identityPic",
            format!("identityPic（证件照片）不是有效的 base64：{e}"),
            format!("identityPic (the chip photo) is not valid base64: {e}"),
        )
    })?;
    if bytes.len() > MAX_CHIP_PHOTO_BYTES {
        return Err(too_large());
    }
    let mime = sniff(&bytes).ok_or_else(|| {
        invalid(
            "identityPic",
            "identityPic（证件照片）不是 BMP、JPEG 或 PNG 图片：请检查读卡器服务是否已解码照片"
                .to_owned(),
            "identityPic (the chip photo) is not a BMP, JPEG or PNG image: check that the reader service decodes the photo"
                .to_owned(),
        )
    })?;
    Ok(ChipPhoto { mime, bytes })
}

/// The image type from the first bytes, never from what the sender claims.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"BM") && bytes.len() > 26 {
        Some("image/bmp")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn card(json: Value) -> Result<ReaderCard, WebError> {
        match json {
            Value::Object(map) => parse_card(&map),
            _ => unreachable!("tests pass objects"),
        }
    }

    #[test]
    fn a_card_with_its_photo() {
        let bmp = [b"BM".as_slice(), &[0u8; 60]].concat();
        let pic = base64::engine::general_purpose::STANDARD.encode(&bmp);
        let wrapped = format!("data:image/bmp;base64,{}\r\n{}", &pic[..10], &pic[10..]);
        let c = card(serde_json::json!({
            "certNumber": "11010519491231002x", "partyName": " 张三 ", "identityPic": wrapped,
            "certAddress": "北京市", "gender": "男",
        }))
        .unwrap();
        assert_eq!(c.id_number.as_str(), "11010519491231002X");
        assert_eq!(c.name.as_deref(), Some("张三"));
        assert_eq!(c.chip_photo.unwrap().mime, "image/bmp");
    }

    fn field_of(r: Result<ReaderCard, WebError>) -> &'static str {
        match r {
            Err(WebError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn every_problem_names_its_field() {
        assert_eq!(field_of(card(serde_json::json!({}))), "certNumber");
        let n = serde_json::json!({ "certNumber": 110105194912310020_u64 });
        assert_eq!(field_of(card(n)), "certNumber");
        let bad = serde_json::json!({ "certNumber": "110105194912310021" });
        assert_eq!(field_of(card(bad)), "certNumber");
        let pic = serde_json::json!({ "certNumber": "11010519491231002X", "identityPic": "@@@" });
        assert_eq!(field_of(card(pic)), "identityPic");
        let gif = base64::engine::general_purpose::STANDARD.encode(b"GIF89a........");
        let pic = serde_json::json!({ "certNumber": "11010519491231002X", "identityPic": gif });
        assert_eq!(field_of(card(pic)), "identityPic");
        let huge = "A".repeat(MAX_CHIP_PHOTO_BYTES * 2);
        let pic = serde_json::json!({ "certNumber": "11010519491231002X", "identityPic": huge });
        assert_eq!(field_of(card(pic)), "identityPic");
    }
}
