//! Recording sign-ins and sign-outs in the audit log. The password is never recorded, only the
//! login name tried. A sign-in must not fail because its record could not be written, so a
//! storage error here is logged and the request goes on.

use gradphoto_domain::User;
use gradphoto_store::Actor;

use crate::AppState;
use crate::context::Ctx;

async fn record(state: &AppState, actor: Actor, action: &str, subject: &str) {
    let now = state.app.clock.now();
    if let Err(e) = state
        .app
        .repo
        .append_audit(&actor, action, subject, None, None, now)
        .await
    {
        tracing::error!(request_id = ?actor.request_id, action, error = %e, "audit event not stored");
    }
}

/// Records a sign-in attempt: `login.success` or `login.failure`.
pub(crate) async fn login(state: &AppState, ctx: &Ctx, login: &str, user: Option<&User>) {
    let request_id = Some(ctx.request_id.to_string());
    match user {
        Some(user) => {
            let actor = Actor::user(user, request_id);
            record(state, actor, "login.success", &format!("user:{}", user.id)).await;
        }
        None => {
            let actor = Actor {
                user_id: None,
                label: login.to_owned(),
                request_id,
            };
            record(state, actor, "login.failure", &format!("login:{login}")).await;
        }
    }
}

/// Records a sign-in refused because the account or the address is locked: `login.locked`.
pub(crate) async fn locked(state: &AppState, ctx: &Ctx, login: &str) {
    let actor = Actor {
        user_id: None,
        label: login.to_owned(),
        request_id: Some(ctx.request_id.to_string()),
    };
    let subject = match ctx.client {
        Some(ip) => format!("login:{login} address:{ip}"),
        None => format!("login:{login}"),
    };
    record(state, actor, "login.locked", &subject).await;
}

/// Records a request refused to a signed-in user (403): `access.denied`, naming what was
/// asked for, so that someone trying other people's ids in addresses shows in the log.
pub(crate) async fn denied(state: &AppState, ctx: &Ctx, user: &User) {
    let actor = Actor::user(user, Some(ctx.request_id.to_string()));
    record(
        state,
        actor,
        "access.denied",
        &format!("path:{}", ctx.path_and_query),
    )
    .await;
}

/// Records a sign-out.
pub(crate) async fn logout(state: &AppState, ctx: &Ctx, user: &User) {
    let actor = Actor::user(user, Some(ctx.request_id.to_string()));
    record(state, actor, "logout", &format!("user:{}", user.id)).await;
}
