//! Why a photo could not be judged at all. A photo that can be read always gets a verdict
//! (a missing face is a failed rule, not an error); these are files that are not photos, are
//! damaged, or are too large to take.

use gradphoto_domain::Msg;

/// A file the engine cannot judge, or a fault of the engine itself. `Display` is English for
/// logs; [`PhotoError::msg`] is what to show a person.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PhotoError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {limit}")]
    TooLarge { size: usize, limit: usize },
    #[error("the file is {looks_like}, not a JPEG or PNG photo")]
    NotAnImage { looks_like: crate::decode::FileKind },
    #[error("the image is {width}x{height} ({megapixels:.0} MP), over the limit of {limit_mp} MP")]
    TooManyPixels {
        width: u32,
        height: u32,
        megapixels: f64,
        limit_mp: u32,
    },
    #[error("the {format} file is incomplete: it ends before the image does")]
    Truncated { format: &'static str },
    #[error("the {format} file is damaged or incomplete: {detail}")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    #[error("the rule pack is invalid: {0}")]
    RulePack(String),
    #[error("unknown rule pack {0}")]
    UnknownPack(String),
    #[error("face model failed: {0}")]
    Model(String),
    #[error("cannot write the image: {0}")]
    Encode(String),
    #[error("the export profile is invalid: {0}")]
    Profile(String),
}

impl PhotoError {
    /// What went wrong and what to do, in Chinese and English.
    pub fn msg(&self) -> Msg {
        match self {
            Self::Empty => Msg::new(
                "文件是空的（0 字节），请重新拍摄或上传",
                "The file is empty (0 bytes); shoot or upload it again",
            ),
            Self::TooLarge { size, limit } => Msg::new(
                format!("文件大小 {size} 字节，超过 {limit} 字节的上限"),
                format!("The file is {size} bytes, over the limit of {limit} bytes"),
            ),
            Self::NotAnImage { looks_like } => {
                let (zh, en) = looks_like.advice();
                Msg::new(
                    format!("文件是{}，不是 JPEG 或 PNG 照片。{zh}", looks_like.zh()),
                    format!(
                        "The file is {}, not a JPEG or PNG photo. {en}",
                        looks_like.en()
                    ),
                )
            }
            Self::TooManyPixels {
                width,
                height,
                megapixels,
                limit_mp,
            } => Msg::new(
                format!(
                    "图像 {width}×{height}（{megapixels:.0} 百万像素）超过 {limit_mp} 百万像素的上限，请用相机的常规尺寸拍摄"
                ),
                format!(
                    "The image is {width}×{height} ({megapixels:.0} MP), over the limit of {limit_mp} MP; shoot at the camera's usual size"
                ),
            ),
            Self::Truncated { format } => Msg::new(
                format!(
                    "{format} 文件不完整：文件在图像结束之前就断了（可能拷贝或上传中断）。请重新拷贝、上传或重新拍摄"
                ),
                format!(
                    "The {format} file is incomplete: it ends before the image does (perhaps cut off in copying or upload). Copy, upload or shoot it again"
                ),
            ),
            Self::Corrupt { format, detail } => Msg::new(
                format!(
                    "{format} 文件已损坏或不完整（可能传输中断），无法读取（解码器：{detail}）。请重新导出或重新拍摄"
                ),
                format!(
                    "The {format} file is damaged or incomplete (perhaps cut off in transfer): {detail}. Export or shoot it again"
                ),
            ),
            Self::RulePack(d) => Msg::new(
                format!("规则包有误：{d}"),
                format!("The rule pack is invalid: {d}"),
            ),
            Self::UnknownPack(name) => Msg::new(
                format!("没有名为 {name} 的规则包（可用：chsi-2017）"),
                format!("There is no rule pack named {name} (available: chsi-2017)"),
            ),
            Self::Model(d) => Msg::new(
                format!("人脸模型运行出错：{d}"),
                format!("The face model failed: {d}"),
            ),
            Self::Encode(d) => Msg::new(
                format!("无法生成图像：{d}"),
                format!("Cannot write the image: {d}"),
            ),
            Self::Profile(d) => Msg::new(
                format!("导出规格文件无效：{d}"),
                format!("The export profile is not valid: {d}"),
            ),
        }
    }
}
