//! What a student sends from their page: their proofreading answer, and the photos they may
//! fetch — their current photo's preview and their own frames'. Both act on the signed-in student only; no
//! id in a path or a field can point them at anyone else.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use gradphoto_app::proofreading::{Answer, FramePreview, answer, frame_preview, photo_preview};
use gradphoto_domain::proof::{IssueKind, ProofIssue};
use gradphoto_domain::{FrameId, Msg, Role, StudentId};
use serde::Deserialize;

use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, require};
use crate::context::Ctx;
use crate::error::WebError;

/// The signed-in student's roster entry.
fn me(current: &CurrentUser) -> Result<StudentId, WebError> {
    require(&current.user, &[Role::Student])?;
    current.user.student_id.ok_or_else(|| {
        WebError::Forbidden(Msg::new(
            "您的账号还没有关联花名册中的学生",
            "your account is not linked to a student on the roster",
        ))
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct ProofForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    /// `correct` or `wrong`.
    #[serde(default)]
    answer: String,
    #[serde(default)]
    lock: Option<String>,
    /// For `wrong`: `not_my_photo`, `photo_quality` or `field`.
    #[serde(default)]
    kind: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    proposed: String,
    #[serde(default)]
    comment: String,
}

impl ProofForm {
    fn answer(&self) -> Result<Answer, WebError> {
        let kind = match (self.answer.as_str(), self.kind.as_str()) {
            ("correct", _) => {
                return Ok(Answer::Correct {
                    lock: self.lock.is_some(),
                });
            }
            ("wrong", "not_my_photo") => IssueKind::NotMyPhoto,
            ("wrong", "photo_quality") => IssueKind::PhotoQuality,
            ("wrong", "field") => IssueKind::Field,
            ("wrong", _) => {
                return Err(WebError::Invalid {
                    field: "kind",
                    msg: Msg::new(
                        "请选择哪里有误：照片不是本人、照片质量，或某一项信息",
                        "say what is wrong: not my photo, the photo's quality, or a field",
                    ),
                });
            }
            _ => {
                return Err(WebError::Invalid {
                    field: "answer",
                    msg: Msg::new("请选择“正确”或“有误”", "choose \"correct\" or \"wrong\""),
                });
            }
        };
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Ok(Answer::Wrong {
            issues: vec![ProofIssue {
                kind,
                field: (kind == IssueKind::Field).then(|| self.field.trim().to_owned()),
                proposed: if kind == IssueKind::Field {
                    text(&self.proposed)
                } else {
                    None
                },
                comment: self.comment.trim().to_owned(),
            }],
        })
    }
}

/// `POST /me/proof`: the student's answer, then back to their page.
pub(crate) async fn answer_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(form): Form<ProofForm>,
) -> Result<Response, WebError> {
    let student = me(&current)?;
    current.check_form_csrf(&form.csrf)?;
    let given = form.answer()?;
    answer(&state.app, student, given, &actor(&current.user, &ctx)).await?;
    Ok(Redirect::to("/#proof").into_response())
}

/// `GET /me/frames/{id}`: the preview of one of the student's own frames; anyone else's is
/// refused (403, recorded as `access.denied`), whatever id is put in the address.
pub(crate) async fn frame(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    let student = me(&current)?;
    let missing = || WebError::NotFound(Msg::new("没有这张照片", "there is no such photo"));
    let id = raw.trim().parse().map(FrameId).map_err(|_| missing())?;
    match frame_preview(&state.app, student, id).await? {
        FramePreview::Mine(bytes) => Ok(private_jpeg(bytes)),
        FramePreview::NotMine => Err(WebError::Forbidden(Msg::new(
            "只能查看自己的照片",
            "you may see only your own photos",
        ))),
        FramePreview::Missing => Err(missing()),
    }
}

/// A photo for its owner only, never kept by a cache.
fn private_jpeg(bytes: bytes::Bytes) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// `GET /me/photo.jpg`: the preview of the student's current photo.
pub(crate) async fn photo(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, WebError> {
    let student = me(&current)?;
    let bytes = photo_preview(&state.app, student).await?.ok_or_else(|| {
        WebError::NotFound(Msg::new("还没有你的照片", "there is no photo of you yet"))
    })?;
    // The photo changes when a retake is accepted: never kept.
    Ok(private_jpeg(bytes))
}
