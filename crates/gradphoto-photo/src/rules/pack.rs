//! Rule packs as data: one TOML file per registry specification, embedded in the binary.

use gradphoto_domain::Msg;
use serde::{Deserialize, Serialize};

use crate::PhotoError;
use crate::geometry::Bands;
use crate::measure::Lab;

const CHSI_2017: &str = include_str!("chsi-2017.toml");

/// The packs that ship with gradphoto, by id.
pub const BUILT_IN: &[&str] = &["chsi-2017"];

/// What a failed rule means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Fail,
    Warn,
}

/// Which photos a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applies {
    /// Every photo.
    #[default]
    Always,
    /// The file delivered to the registry (480 × 640 already).
    Final,
    /// A camera original, which the export will crop.
    Original,
}

/// A background colour the registry accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub zh: String,
    pub en: String,
    pub rgb: [u8; 3],
}

/// One check: which measurement, its allowed range, how bad a miss is, and what to tell the
/// photographer in each direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub measure: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub applies: Applies,
    pub severity: Severity,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub warn_min: Option<f64>,
    pub warn_max: Option<f64>,
    pub zh: String,
    pub en: String,
    pub source: String,
    pub low_zh: Option<String>,
    pub low_en: Option<String>,
    pub high_zh: Option<String>,
    pub high_en: Option<String>,
    pub fix_zh: Option<String>,
    pub fix_en: Option<String>,
}

impl Rule {
    pub fn title(&self) -> Msg {
        Msg::new(&self.zh, &self.en)
    }

    /// The advice for a value below the range (`low`), above it, or a failed yes/no check.
    pub fn advice(&self, low: Option<bool>) -> Msg {
        let pick = |zh: &Option<String>, en: &Option<String>| {
            zh.as_ref().map(|z| Msg::new(z, en.as_deref().unwrap_or(z)))
        };
        match low {
            Some(true) => pick(&self.low_zh, &self.low_en),
            Some(false) => pick(&self.high_zh, &self.high_en),
            None => pick(&self.fix_zh, &self.fix_en),
        }
        .or_else(|| pick(&self.fix_zh, &self.fix_en))
        .unwrap_or_else(|| {
            Msg::new(
                format!("不符合：{}", self.zh),
                format!("not met: {}", self.en),
            )
        })
    }

    /// The allowed range as text, e.g. "50–110 px", "≥ 60".
    pub fn range_text(&self) -> String {
        let u = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => format!("{}{u}", num(a)),
            (Some(a), Some(b)) => format!("{}–{}{u}", num(a), num(b)),
            (Some(a), None) => format!("≥ {}{u}", num(a)),
            (None, Some(b)) => format!("≤ {}{u}", num(b)),
            (None, None) => "—".to_owned(),
        }
    }
}

/// A number without trailing zeros.
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e9 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A whole pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub width: u32,
    pub height: u32,
    pub background: Vec<Preset>,
    pub rule: Vec<Rule>,
}

/// Measurement names a rule may use (see `rules::evaluate`).
pub const MEASURES: &[&str] = &[
    "baseline_jpeg",
    "dimensions",
    "rgb24",
    "file_kb",
    "jpeg_quality",
    "dpi",
    "face_count",
    "face_margin",
    "hair_top",
    "eye_line",
    "face_width",
    "centre_offset",
    "roll",
    "yaw",
    "pitch",
    "eye_open",
    "mouth_open",
    "glare",
    "eye_darkness",
    "brow_cover",
    "background_delta_e",
    "background_gradient",
    "top_contrast",
    "sharpness",
    "skin_l",
    "clipped",
    "skin_hue",
    "crop_source_width",
    "crop_possible",
];

impl RulePack {
    /// A built-in pack by id.
    pub fn built_in(id: &str) -> Result<Self, PhotoError> {
        match id {
            "chsi-2017" => Self::parse(CHSI_2017),
            other => Err(PhotoError::UnknownPack(other.to_owned())),
        }
    }

    /// Parses and checks a pack: known measurements, unique ids, sane ranges.
    pub fn parse(text: &str) -> Result<Self, PhotoError> {
        let pack: RulePack =
            toml::from_str(text).map_err(|e| PhotoError::RulePack(e.to_string()))?;
        let bad = |m: String| Err(PhotoError::RulePack(m));
        if pack.width == 0 || pack.height == 0 || pack.background.is_empty() {
            return bad("width, height and at least one background are required".into());
        }
        let mut seen = std::collections::HashSet::new();
        for r in &pack.rule {
            if !seen.insert(r.id.as_str()) {
                return bad(format!("rule {} appears twice", r.id));
            }
            if !MEASURES.contains(&r.measure.as_str()) {
                return bad(format!("rule {}: unknown measure {}", r.id, r.measure));
            }
            if let (Some(a), Some(b)) = (r.min, r.max)
                && a > b
            {
                return bad(format!("rule {}: min above max", r.id));
            }
            if r.warn_min.zip(r.min).is_some_and(|(w, m)| w > m)
                || r.warn_max.zip(r.max).is_some_and(|(w, m)| w < m)
            {
                return bad(format!(
                    "rule {}: the warning band must enclose the pass band",
                    r.id
                ));
            }
        }
        for id in ["head.top", "eyes.line", "face.width"] {
            if !pack
                .rule
                .iter()
                .any(|r| r.id == id && r.min.is_some() && r.max.is_some())
            {
                return bad(format!(
                    "rule {id} with min and max is required to place the crop"
                ));
            }
        }
        Ok(pack)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rule.iter().find(|r| r.id == id)
    }

    pub fn presets_lab(&self) -> Vec<Lab> {
        self.background
            .iter()
            .map(|p| Lab::from_u8(p.rgb))
            .collect()
    }

    /// The bands the crop aims for.
    pub fn bands(&self) -> Bands {
        let band = |id: &str| {
            self.rule(id)
                .map(|r| (r.min.unwrap_or(0.0) as f32, r.max.unwrap_or(0.0) as f32))
                .unwrap_or((0.0, 0.0))
        };
        Bands {
            width: self.width as f32,
            height: self.height as f32,
            hair_top: band("head.top"),
            eye_line: band("eyes.line"),
            face_width: band("face.width"),
        }
    }
}
