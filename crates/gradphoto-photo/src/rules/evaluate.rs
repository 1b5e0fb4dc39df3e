//! Turns measurements into per-rule results.

use gradphoto_domain::Msg;

use super::pack::{Applies, Rule, RulePack, Severity, num};
use crate::decode::{ColourType, FileInfo, Format};
use crate::geometry::{CropProposal, Geometry};
use crate::measure::Measures;
use crate::verdict::{Mode, RuleResult, Status};

/// What the rules read.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub mode: Mode,
    pub file: &'a FileInfo,
    pub measures: &'a Measures,
    pub as_shot: Option<&'a Geometry>,
    pub crop: Option<&'a CropProposal>,
}

enum Value {
    Num(f64, String),
    Flag(bool, String),
    Missing(Msg),
}

/// Every rule of the pack that applies to this photo, in pack order.
pub fn evaluate(pack: &RulePack, input: &Inputs<'_>) -> Vec<RuleResult> {
    pack.rule
        .iter()
        .filter(|r| {
            matches!(
                (r.applies, input.mode),
                (Applies::Always, _)
                    | (Applies::Final, Mode::Final)
                    | (Applies::Original, Mode::Original)
            )
        })
        .map(|r| judge_rule(pack, r, input))
        .collect()
}

fn judge_rule(pack: &RulePack, r: &Rule, input: &Inputs<'_>) -> RuleResult {
    let value = measure(pack, &r.measure, input);
    let (status, number, shown, low) = match value {
        Value::Missing(why) => {
            return RuleResult {
                id: r.id.clone(),
                title: r.title(),
                status: Status::Skip,
                value: None,
                shown: "—".into(),
                range: r.range_text(),
                severity: r.severity,
                reason: Some(why),
            };
        }
        Value::Flag(ok, shown) => (
            if ok { Status::Pass } else { miss(r.severity) },
            None,
            shown,
            None,
        ),
        Value::Num(v, shown) => {
            let inside = |lo: Option<f64>, hi: Option<f64>| {
                lo.is_none_or(|lo| v >= lo - 1e-9) && hi.is_none_or(|hi| v <= hi + 1e-9)
            };
            let status = if inside(r.min, r.max) {
                Status::Pass
            } else if (r.warn_min.is_some() || r.warn_max.is_some())
                && inside(r.warn_min.or(r.min), r.warn_max.or(r.max))
            {
                Status::Warn
            } else {
                miss(r.severity)
            };
            let low = r.min.is_some_and(|m| v < m);
            (status, Some(v), shown, Some(low))
        }
    };
    RuleResult {
        id: r.id.clone(),
        title: r.title(),
        status,
        value: number,
        shown,
        range: r.range_text(),
        severity: r.severity,
        reason: (status != Status::Pass).then(|| r.advice(low)),
    }
}

fn miss(s: Severity) -> Status {
    match s {
        Severity::Fail => Status::Fail,
        Severity::Warn => Status::Warn,
    }
}

fn no_face() -> Value {
    Value::Missing(Msg::new("没有可测量的人脸", "no face to measure"))
}

fn measure(pack: &RulePack, name: &str, i: &Inputs<'_>) -> Value {
    let f = i.file;
    let face = i.measures.face.as_ref();
    let view = match i.mode {
        Mode::Final => i.as_shot,
        Mode::Original => i.crop.map(|c| &c.geometry),
    };
    let n = |v: f64, unit: &str| {
        Value::Num(
            v,
            format!(
                "{}{}{}",
                num(v),
                if unit.is_empty() { "" } else { " " },
                unit
            ),
        )
    };
    let r1 = |v: f32| (v as f64 * 10.0).round() / 10.0;
    let r2 = |v: f32| (v as f64 * 100.0).round() / 100.0;
    match name {
        "baseline_jpeg" => {
            let shown = match (f.format, f.baseline) {
                (Format::Jpeg, true) => "JPEG（基线）",
                (Format::Jpeg, false) => "JPEG（渐进式）",
                (Format::Png, _) => "PNG",
            };
            Value::Flag(f.format == Format::Jpeg && f.baseline, shown.into())
        }
        "dimensions" => {
            let (w, h) = f.upright_size();
            Value::Flag(w == pack.width && h == pack.height, format!("{w} × {h}"))
        }
        "rgb24" => Value::Flag(f.colour == ColourType::Rgb8, f.colour.label().0.into()),
        "file_kb" => n((f.bytes as f64 / 1024.0 * 10.0).round() / 10.0, "KB"),
        "jpeg_quality" => match f.jpeg_quality {
            Some(q) => n(q as f64, ""),
            None => Value::Missing(Msg::new("不是 JPEG 文件", "not a JPEG file")),
        },
        "dpi" => match f.dpi {
            Some(d) => n(d.round() as f64, "dpi"),
            None => Value::Num(0.0, "未写明".into()),
        },
        "face_count" => n(i.measures.faces.len() as f64, ""),
        "face_margin" => match (face, i.as_shot) {
            (Some(fm), Some(g)) => n(r1(fm.edge_margin * g.scale), "px"),
            _ => no_face(),
        },
        "hair_top" | "eye_line" | "face_width" | "centre_offset" => match view {
            Some(g) => {
                let v = match name {
                    "hair_top" => g.hair_top,
                    "eye_line" => g.eye_line,
                    "face_width" => g.face_width,
                    _ => g.centre_offset,
                };
                if name == "hair_top" && g.hair_cut_off {
                    Value::Num(r1(v).min(0.0), "头顶被裁切".into())
                } else {
                    n(r1(v).round(), "px")
                }
            }
            None => no_face(),
        },
        _ => face_measure(name, face, i, n, r1, r2),
    }
}

fn face_measure(
    name: &str,
    face: Option<&crate::measure::FaceMeasures>,
    i: &Inputs<'_>,
    n: impl Fn(f64, &str) -> Value,
    r1: impl Fn(f32) -> f64,
    r2: impl Fn(f32) -> f64,
) -> Value {
    if let Some(v) = match name {
        "background_delta_e" => Some(i.measures.background.as_ref().map(|b| r1(b.delta_e))),
        "background_gradient" => Some(i.measures.background.as_ref().map(|b| r1(b.gradient))),
        _ => None,
    } {
        return match v {
            Some(v) => n(v, "ΔE00"),
            None => Value::Missing(Msg::new("背景无法取样", "the background cannot be sampled")),
        };
    }
    if name == "crop_source_width" || name == "crop_possible" {
        return match i.crop {
            Some(c) if name == "crop_possible" => Value::Flag(
                c.possible,
                if c.possible {
                    "可以".into()
                } else {
                    c.problems
                        .iter()
                        .map(|m| m.zh.as_str())
                        .collect::<Vec<_>>()
                        .join("；")
                },
            ),
            Some(c) => n(c.source_width.round() as f64, "px"),
            None => no_face(),
        };
    }
    let Some(fm) = face else { return no_face() };
    match name {
        "roll" => n(r1(fm.roll_deg), "°"),
        "yaw" => n(r1(fm.yaw_deg), "°"),
        "pitch" => n(r2(fm.pitch_ratio), ""),
        "eye_open" => n(r2(fm.eye_open), ""),
        "mouth_open" => n(r2(fm.mouth_open), ""),
        "glare" => n(r1(fm.glare_pct), "%"),
        "eye_darkness" => n(r1(fm.eye_darkness), "ΔL*"),
        "brow_cover" => n(r1(fm.brow_cover_pct), "%"),
        "sharpness" => n(r2(fm.sharpness), ""),
        "skin_l" => n(r1(fm.skin_l), "L*"),
        "clipped" => n(r1(fm.clipped_pct), "%"),
        "skin_hue" => n(r1(fm.skin_hue), "°"),
        "top_contrast" => match (fm.top, i.measures.background.as_ref()) {
            (Some(top), Some(bg)) => n(r1(top.de2000(&bg.lab)), "ΔE00"),
            _ => Value::Missing(Msg::new("画面中看不到上衣", "the top is not in the frame")),
        },
        _ => Value::Missing(Msg::new("未知的测量项", "unknown measurement")),
    }
}
