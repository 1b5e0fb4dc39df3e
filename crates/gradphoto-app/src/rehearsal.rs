//! The dress rehearsal (试拍): before the day a student takes a selfie, or picks a photo, and
//! learns within a second what would fail at the venue — and can still be changed: the top
//! against the venue's blue backdrop, tinted lenses, glare, hair over the eyebrows, eyes, mouth.
//! A selfie's framing (distance, position, the wall behind it) says nothing of the venue's
//! camera and is not judged. Nothing is stored: the bytes are judged in memory and dropped.

use gradphoto_domain::Msg;
use gradphoto_photo::{Status, Verdict};

use crate::App;
use crate::error::{AppError, Result};

/// One thing to change before coming, in the student's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// The rule of the registry pack it comes from.
    pub rule: &'static str,
    pub msg: Msg,
    /// A failure at the venue (else only a warning there).
    pub fails: bool,
}

/// What the rehearsal found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rehearsal {
    /// One face was found: the rest was judged.
    pub face_found: bool,
    pub advice: Vec<Advice>,
}

/// The rules about what a student brings to the venue, with the advice for them.
const STUDENT_RULES: &[(&str, &str, &str)] = &[
    (
        "glasses.tint",
        "眼部太暗，像是戴了有色或变色镜片：拍摄时请换无色镜片，或摘下眼镜",
        "your eyes look too dark, as if behind tinted or photochromic lenses: wear clear lenses, or take the glasses off",
    ),
    (
        "glasses.glare",
        "眼镜反光：请擦净镜片，拍摄时稍微低头；镀膜反光严重的眼镜可以摘下",
        "glare on your glasses: clean the lenses and tip your head slightly down; glasses with a strong coating may be taken off",
    ),
    (
        "hair.eyebrows",
        "头发可能遮住了眉毛：请把刘海拨开或夹起，露出眉毛、眼睛和耳朵",
        "your hair may cover your eyebrows: move the fringe aside or pin it up, so that eyebrows, eyes and ears show",
    ),
    (
        "eyes.open",
        "眼睛没有完全睁开：拍摄时请自然睁大眼睛，看向镜头",
        "your eyes are not fully open: open them naturally and look at the lens",
    ),
    (
        "mouth.closed",
        "嘴巴张开了：拍摄时请自然闭嘴",
        "your mouth is open: close it naturally for the photo",
    ),
];

/// The venue's backdrop: the registry pack's first background (light blue, RGB 100,197,255).
/// A top closer to it than the pack's own clothing rule allows disappears into it.
const CLOTHING_RULE: &str = "clothing.contrast";

/// Judges a student's selfie for what they can change (see the module's documentation).
pub async fn rehearse(app: &App, bytes: Vec<u8>) -> Result<Rehearsal> {
    let judge = app
        .judge()
        .await
        .map_err(|e| AppError::Unavailable(e.msg()))?;
    let verdict = app
        .cpu
        .run(move || judge.judge_bytes(&bytes).map(|v| (v, judge)))
        .await?
        .map_err(|e| AppError::invalid("photo", e.msg()))?;
    let (verdict, judge) = verdict;
    Ok(advise(&verdict, judge.pack()))
}

fn advise(verdict: &Verdict, pack: &gradphoto_photo::RulePack) -> Rehearsal {
    let face = verdict.measures.face.as_ref();
    let one_face = verdict.measures.faces.len() == 1 && face.is_some();
    if !one_face {
        let msg = if verdict.measures.faces.len() > 1 {
            Msg::new(
                "照片里有不止一张脸：请单独自拍",
                "there is more than one face in the photo: take it on your own",
            )
        } else {
            Msg::new(
                "没有找到人脸：请正对镜头，在光线充足的地方再拍一张",
                "no face found: face the lens, in good light, and take another",
            )
        };
        return Rehearsal {
            face_found: false,
            advice: vec![Advice {
                rule: "face.count",
                msg,
                fails: true,
            }],
        };
    }
    let mut advice = Vec::new();
    // The top against the venue's backdrop, not against the wall behind the selfie.
    let clothing = pack.rule.iter().find(|r| r.id == CLOTHING_RULE);
    if let (Some(top), Some(backdrop), Some(rule)) =
        (face.and_then(|f| f.top), pack.background.first(), clothing)
    {
        let contrast = f64::from(top.de2000(&gradphoto_photo::measure::Lab::from_u8(backdrop.rgb)));
        let fails = rule.min.is_some_and(|min| contrast < min);
        let warns = rule.warn_min.is_some_and(|min| contrast < min);
        if fails || warns {
            advice.push(Advice {
                rule: CLOTHING_RULE,
                msg: Msg::new(
                    format!(
                        "上衣颜色与背景（{}）太接近，请换一件非{}的有领上衣",
                        backdrop.zh, backdrop.zh
                    ),
                    format!(
                        "your top is too close to the backdrop ({}): wear a collared top that is not {}",
                        backdrop.en, backdrop.en
                    ),
                ),
                fails,
            });
        }
    }
    for (id, zh, en) in STUDENT_RULES {
        if let Some(result) = verdict.result(id)
            && matches!(result.status, Status::Fail | Status::Warn)
        {
            advice.push(Advice {
                rule: id,
                msg: Msg::new(*zh, *en),
                fails: result.status == Status::Fail,
            });
        }
    }
    Rehearsal {
        face_found: true,
        advice,
    }
}
