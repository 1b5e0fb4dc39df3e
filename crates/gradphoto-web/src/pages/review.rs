//! The review queue (复核) for operators and admins: every problem of the campaign in one
//! list — disputes, photos accepted against the verdict, orphans, retakes asked for — with tabs
//! by kind and filters by college and class; each item leads to the student's history and
//! actions ([`super::review_student`]) or, for an orphan, to the frame.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_app::review::{ReviewFilter, queue};
use gradphoto_domain::Msg;
use gradphoto_domain::review::ReviewKind;
use gradphoto_store::ReviewItem;
use serde::Deserialize;

use super::frame_card::venue_time;
use super::layout::{Layout, Section};
use super::{render, url_encode};
use crate::AppState;
use crate::access::parse_college;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ReviewParams {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    college: String,
    #[serde(default)]
    class: String,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    t: Tr,
    l: Layout,
    /// `(code, label, count, href, active)`, "all" first.
    tabs: Vec<(String, String, usize, String, bool)>,
    kind: String,
    colleges: Vec<(i64, String, bool)>,
    classes: Vec<(String, bool)>,
    rows: Vec<Row>,
}

struct Row {
    kind: &'static str,
    kind_label: String,
    at: String,
    who: String,
    class: String,
    college: String,
    note: String,
    href: String,
}

fn parse_kind(raw: &str) -> Result<Option<ReviewKind>, WebError> {
    match raw.trim() {
        "" => Ok(None),
        s => ReviewKind::parse(s).map(Some).ok_or_else(|| {
            WebError::BadRequest(Msg::new(
                format!("未知的问题类别“{s}”：可选 dispute、verdict、orphan、retake"),
                format!("unknown kind \"{s}\": use dispute, verdict, orphan or retake"),
            ))
        }),
    }
}

fn row(t: Tr, item: &ReviewItem) -> Row {
    let (who, class, college, href) = match &item.student {
        Some(s) => (
            format!("{} {}", s.student_no, s.name),
            s.class_code.clone(),
            s.college_name.clone().unwrap_or_default(),
            format!("/review/students/{}", s.id),
        ),
        None => (
            t.s("frame.orphan").to_owned(),
            String::new(),
            String::new(),
            item.frame_id
                .map(|f| format!("/frames/{f}"))
                .unwrap_or_default(),
        ),
    };
    let note = match item.kind {
        ReviewKind::Verdict => {
            super::frame_card::overall_label(t, item.note.as_deref().unwrap_or(""))
        }
        _ => item.note.clone().unwrap_or_default(),
    };
    Row {
        kind: item.kind.code(),
        kind_label: t.msg(&item.kind.label()).to_owned(),
        at: venue_time(item.at, "%Y-%m-%d %H:%M"),
        who,
        class,
        college,
        note,
        href,
    }
}

/// `GET /review?kind=&college=&class=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Query(p): Query<ReviewParams>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let t = Tr::new(ctx.lang);
    let filter = ReviewFilter {
        kind: parse_kind(&p.kind)?,
        college: parse_college(&p.college)?,
        class: Some(p.class.trim().to_uppercase()).filter(|c| !c.is_empty()),
    };
    let found = queue(&state.app, &filter)
        .await?
        .ok_or(WebError::NoCampaign)?;
    let place = format!(
        "college={}&class={}",
        filter.college.map(|c| c.to_string()).unwrap_or_default(),
        url_encode(filter.class.as_deref().unwrap_or(""))
    );
    let total: usize = found.counts.iter().map(|(_, n)| n).sum();
    let mut tabs = vec![(
        String::new(),
        t.s("review.all").to_owned(),
        total,
        format!("/review?{place}"),
        filter.kind.is_none(),
    )];
    tabs.extend(found.counts.iter().map(|(k, n)| {
        (
            k.code().to_owned(),
            t.msg(&k.label()).to_owned(),
            *n,
            format!("/review?kind={}&{place}", k.code()),
            filter.kind == Some(*k),
        )
    }));
    let page = ReviewPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            Some(&found.campaign),
            t.s("review.title"),
            Section::Review,
        ),
        tabs,
        kind: filter.kind.map(|k| k.code().to_owned()).unwrap_or_default(),
        colleges: found
            .colleges
            .iter()
            .map(|c| (c.id.0, c.name.clone(), filter.college == Some(c.id)))
            .collect(),
        classes: found
            .classes
            .iter()
            .map(|c| {
                (
                    c.code.clone(),
                    filter.class.as_deref() == Some(c.code.as_str()),
                )
            })
            .collect(),
        rows: found.items.iter().map(|i| row(t, i)).collect(),
    };
    render(StatusCode::OK, &page)
}
