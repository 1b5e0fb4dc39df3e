//! Reading an upload (a roster, a photo) from a `multipart/form-data` body, the same way for
//! the pages (which also send `_csrf`) and the API (field `file`).

use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use gradphoto_domain::Msg;

use crate::error::WebError;

#[derive(Debug)]
pub(crate) struct Upload {
    pub csrf: Option<String>,
    /// The form's other text fields, by name.
    pub fields: std::collections::HashMap<String, String>,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Upload {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }
}

fn multipart_error(e: MultipartError, limit: usize) -> WebError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::TooLarge { limit }
    } else {
        WebError::BadRequest(Msg::new(
            format!(
                "上传的表单无法读取（{}）。请重新选择文件上传",
                e.body_text()
            ),
            format!(
                "The uploaded form cannot be read ({}). Choose the file and upload it again",
                e.body_text()
            ),
        ))
    }
}

/// Reads a roster file: [`read_upload`] with the roster's words.
pub(crate) async fn read_roster_upload(req: Request, limit: usize) -> Result<Upload, WebError> {
    let missing = Msg::new(
        "没有收到文件。请选择花名册文件（.xlsx、.xls 或 .csv）后再上传",
        "No file arrived. Choose the roster file (.xlsx, .xls or .csv) and upload it",
    );
    read_upload(req, limit, "roster", missing).await
}

/// Reads the `file` field, `_csrf` and any other text fields. A missing or empty file is a
/// clear 400 (`missing` says what to choose), a file over `limit` bytes a 413. Takes the whole
/// request so that handlers check the role before anything of the body is read.
pub(crate) async fn read_upload(
    req: Request,
    limit: usize,
    default_name: &str,
    missing: Msg,
) -> Result<Upload, WebError> {
    let mut multipart = Multipart::from_request(req, &()).await.map_err(|e| {
        WebError::BadRequest(Msg::new(
            format!("请以 multipart/form-data 表单上传文件（{}）", e.body_text()),
            format!(
                "Upload the file as a multipart/form-data form ({})",
                e.body_text()
            ),
        ))
    })?;
    let mut csrf = None;
    let mut fields = std::collections::HashMap::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(e, limit))?
    {
        match field.name() {
            Some("_csrf") => {
                csrf = Some(field.text().await.map_err(|e| multipart_error(e, limit))?);
            }
            Some("file") => {
                let name = field
                    .file_name()
                    .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_owned())
                    .unwrap_or_default();
                let bytes = field.bytes().await.map_err(|e| multipart_error(e, limit))?;
                if bytes.len() > limit {
                    return Err(WebError::TooLarge { limit });
                }
                file = Some((name, bytes.to_vec()));
            }
            Some(name) => {
                let name = name.to_owned();
                let value = field.text().await.map_err(|e| multipart_error(e, limit))?;
                fields.insert(name, value);
            }
            None => {}
        }
    }
    match file {
        Some((file_name, bytes)) if !(file_name.is_empty() && bytes.is_empty()) => Ok(Upload {
            csrf,
            fields,
            file_name: if file_name.is_empty() {
                default_name.to_owned()
            } else {
                file_name
            },
            bytes,
        }),
        _ => Err(WebError::BadRequest(missing)),
    }
}
