//! `POST /me/rehearsal`: the student's dress-rehearsal selfie judged for what they can change
//! ([`gradphoto_app::rehearsal`]) and the advice shown. The photo is read into memory, judged
//! and dropped: nothing of it reaches the database or the photo store.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_app::rehearsal::rehearse;
use gradphoto_domain::{Msg, Role};

use super::layout::{Layout, Section};
use super::render;
use crate::AppState;
use crate::auth::{CurrentUser, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::multipart::read_upload;

#[derive(Template)]
#[template(path = "rehearsal.html")]
struct RehearsalPage {
    t: Tr,
    l: Layout,
    advice: Vec<AdviceLine>,
}

struct AdviceLine {
    rule: &'static str,
    text: String,
    fails: bool,
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    req: Request,
) -> Result<Response, WebError> {
    require(&current.user, &[Role::Student])?;
    let missing = Msg::new(
        "没有收到照片：请拍一张自拍或选一张照片",
        "no photo arrived: take a selfie or choose a photo",
    );
    let upload = read_upload(req, state.config.max_upload_bytes, "selfie", missing).await?;
    current.check_form_csrf(upload.csrf.as_deref().unwrap_or(""))?;
    let found = rehearse(&state.app, upload.bytes).await?;
    let t = Tr::new(ctx.lang);
    let page = RehearsalPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            None,
            t.s("rehearsal.title"),
            Section::Overview,
        ),
        advice: found
            .advice
            .iter()
            .map(|a| AdviceLine {
                rule: a.rule,
                text: t.msg(&a.msg).to_owned(),
                fails: a.fails,
            })
            .collect(),
    };
    render(StatusCode::OK, &page)
}
