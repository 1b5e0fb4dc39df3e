//! The fee ledger, for the college secretaries (their colleges' classes) and the office (all):
//! `/fees` shows the deadline, the colleges and classes with what is expected, paid and owed,
//! the reconciliation against the photos taken, and every entry; its forms record a payment,
//! an exemption, a correction and (the admin) the deadline; `/fees.xlsx` is the ledger as a
//! workbook. Every form goes back to the page on success and says what was wrong otherwise.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gradphoto_app::AppError;
use gradphoto_app::fees::{self, ClassLedger, CollegeLedger, Ledger};
use gradphoto_domain::fees::{FeeKind, PaymentForm, PaymentMethod};
use gradphoto_domain::venue::china_time;
use gradphoto_domain::{Campaign, Msg, Role, User};
use serde::Deserialize;

use super::layout::{Layout, Section};
use super::{dated_xlsx, render};
use crate::AppState;
use crate::access::scope_of;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;

const FEE_ROLES: [Role; 2] = [Role::Admin, Role::CollegeSecretary];

/// An entry as the page lists it.
struct EntryRow {
    id: i64,
    at: String,
    class_code: String,
    kind: String,
    student: String,
    amount: String,
    /// The amount once corrected, for payments and exemptions.
    now: Option<String>,
    paid_on: String,
    paid_by: String,
    received_by: String,
    method: String,
    note: String,
    corrects: Option<i64>,
    by: String,
    correctable: bool,
}

#[derive(Template)]
#[template(path = "fees.html")]
struct FeesPage {
    t: Tr,
    l: Layout,
    csrf: String,
    is_admin: bool,
    fee: String,
    deadline: Option<String>,
    /// The countdown line, e.g. "还有 3 天".
    countdown: Option<String>,
    overdue: bool,
    today: String,
    received_by: String,
    methods: Vec<(&'static str, String)>,
    colleges: Vec<CollegeLedger>,
    classes: Vec<ClassLedger>,
    outstanding: Vec<String>,
    total: gradphoto_domain::fees::ClassTotals,
    owed: String,
    photographed: i64,
    paid_for: i64,
    gap: i64,
    entries: Vec<EntryRow>,
}

async fn campaign_for(state: &AppState, user: &User) -> Result<Campaign, WebError> {
    require(user, &FEE_ROLES)?;
    fees::campaign(&state.app)
        .await?
        .ok_or(WebError::NoCampaign)
}

async fn ledger_for(state: &AppState, user: &User) -> Result<Ledger, WebError> {
    let campaign = campaign_for(state, user).await?;
    let scope = scope_of(user);
    Ok(fees::ledger(&state.app, &campaign, scope.as_deref()).await?)
}

/// `GET /fees`.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
) -> Result<Response, WebError> {
    let user = &current.user;
    let ledger = ledger_for(&state, user).await?;
    let t = Tr::new(ctx.lang);
    let countdown = ledger.days_left().map(|d| match d {
        0 => t.s("fees.due_today").to_owned(),
        d if d > 0 => t.f("fees.days_left", d),
        d => t.f("fees.overdue", -d),
    });
    let net = ledger.net_amounts();
    let entries = ledger
        .entries
        .iter()
        .rev()
        .map(|r| {
            let e = &r.entry;
            let correctable = e.kind != FeeKind::Correction;
            EntryRow {
                id: e.id,
                at: e
                    .at
                    .with_timezone(&china_time())
                    .format("%m-%d %H:%M")
                    .to_string(),
                class_code: r.class_code.clone(),
                kind: t.msg(&e.kind.label()).to_owned(),
                student: match (&r.student_no, &r.student_name) {
                    (Some(no), Some(name)) => format!("{no} {name}"),
                    _ => String::new(),
                },
                amount: e.amount.to_string(),
                now: correctable
                    .then(|| net.get(&e.id).copied().unwrap_or(e.amount))
                    .filter(|n| *n != e.amount)
                    .map(|n| n.to_string()),
                paid_on: e.paid_on.map(|d| d.to_string()).unwrap_or_default(),
                paid_by: e.paid_by.clone(),
                received_by: e.received_by.clone(),
                method: e
                    .method
                    .map(|m| t.msg(&m.label()).to_owned())
                    .unwrap_or_default(),
                note: e.note.clone(),
                corrects: e.corrects,
                by: e.by_label.clone(),
                correctable,
            }
        })
        .collect();
    let page = FeesPage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            Some(&ledger.campaign),
            t.s("fees.title"),
            Section::Fees,
        ),
        csrf: current.csrf_token.clone(),
        is_admin: user.role == Role::Admin,
        fee: ledger.fee.to_string(),
        deadline: ledger.deadline.map(|d| d.to_string()),
        overdue: ledger.days_left().is_some_and(|d| d < 0),
        countdown,
        today: ledger.today.to_string(),
        received_by: user.display_name.clone(),
        methods: PaymentMethod::ALL
            .into_iter()
            .map(|m| (m.code(), t.msg(&m.label()).to_owned()))
            .collect(),
        outstanding: ledger
            .outstanding()
            .map(|c| format!("{}（{} 元）", c.code, c.totals.balance))
            .collect(),
        photographed: ledger.photographed,
        paid_for: ledger.paid_for,
        gap: ledger.unpaid_photographed,
        total: ledger.total,
        owed: ledger.owed.to_string(),
        colleges: ledger.colleges,
        classes: ledger.classes,
        entries,
    };
    render(StatusCode::OK, &page)
}

/// `GET /fees.xlsx`: the ledger the reader may see, as `采集费台账-2022-10-19.xlsx`.
pub(crate) async fn workbook(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, WebError> {
    let ledger = ledger_for(&state, &current.user).await?;
    let bytes = fees::ledger_workbook(&state.app, ledger).await?;
    Ok(dated_xlsx(&state, bytes, "fee-ledger", "采集费台账"))
}

#[derive(Debug, Deserialize)]
pub(crate) struct PaymentFields {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    class: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    paid_on: String,
    #[serde(default)]
    paid_by: String,
    #[serde(default)]
    received_by: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    note: String,
}

fn back() -> Response {
    Redirect::to("/fees").into_response()
}

/// `POST /fees/payments`.
pub(crate) async fn add_payment(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(f): Form<PaymentFields>,
) -> Result<Response, WebError> {
    let campaign = campaign_for(&state, &current.user).await?;
    current.check_form_csrf(&f.csrf)?;
    let form = PaymentForm {
        amount: &f.amount,
        paid_on: &f.paid_on,
        paid_by: &f.paid_by,
        received_by: &f.received_by,
        method: &f.method,
        note: &f.note,
    };
    let scope = scope_of(&current.user);
    fees::record_payment(
        &state.app,
        &campaign,
        scope.as_deref(),
        &f.class,
        &form,
        &actor(&current.user, &ctx),
    )
    .await?;
    Ok(back())
}

#[derive(Debug, Deserialize)]
pub(crate) struct ExemptionFields {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    student_no: String,
    #[serde(default)]
    reason: String,
}

/// `POST /fees/exemptions`.
pub(crate) async fn add_exemption(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(f): Form<ExemptionFields>,
) -> Result<Response, WebError> {
    let campaign = campaign_for(&state, &current.user).await?;
    current.check_form_csrf(&f.csrf)?;
    let scope = scope_of(&current.user);
    fees::exempt_student(
        &state.app,
        &campaign,
        scope.as_deref(),
        &f.student_no,
        &f.reason,
        &actor(&current.user, &ctx),
    )
    .await?;
    Ok(back())
}

#[derive(Debug, Deserialize)]
pub(crate) struct CorrectionFields {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    entry: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
}

/// `POST /fees/corrections`.
pub(crate) async fn add_correction(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(f): Form<CorrectionFields>,
) -> Result<Response, WebError> {
    let campaign = campaign_for(&state, &current.user).await?;
    current.check_form_csrf(&f.csrf)?;
    let raw = f.entry.trim();
    let entry = raw.parse::<i64>().map_err(|_| {
        AppError::invalid(
            "entry",
            Msg::new(
                format!("“{raw}”不是记录序号"),
                format!("“{raw}” is not an entry number"),
            ),
        )
    })?;
    let scope = scope_of(&current.user);
    fees::correct_entry(
        &state.app,
        &campaign,
        scope.as_deref(),
        entry,
        &f.amount,
        &f.reason,
        &actor(&current.user, &ctx),
    )
    .await?;
    Ok(back())
}

#[derive(Debug, Deserialize)]
pub(crate) struct DeadlineFields {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    deadline: String,
}

/// `POST /fees/deadline`: the admin's.
pub(crate) async fn set_deadline(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(f): Form<DeadlineFields>,
) -> Result<Response, WebError> {
    require(&current.user, &[Role::Admin])?;
    let campaign = campaign_for(&state, &current.user).await?;
    current.check_form_csrf(&f.csrf)?;
    let day = fees::parse_deadline(&f.deadline)?;
    fees::set_deadline(&state.app, &campaign, day, &actor(&current.user, &ctx)).await?;
    Ok(back())
}
