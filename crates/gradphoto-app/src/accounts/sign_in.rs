//! Who a login and a password prove to be. A login that does not exist spends the time of a
//! verification all the same, so response times do not tell which logins exist. Used inside
//! [`super::guard::guarded`], which limits the attempts.

use gradphoto_domain::User;

use super::password::{verify_password, waste_verification};
use crate::App;
use crate::error::Result;

/// The user whose login and password these are; `None` for a wrong pair.
pub async fn by_password(app: &App, login: &str, password: &str) -> Result<Option<User>> {
    let login = login.trim();
    let found = if login.is_empty() {
        None
    } else {
        app.repo.user_by_login(login).await?
    };
    Ok(match found {
        Some((user, hash)) if verify_password(&hash, password) => Some(user),
        Some(_) => None,
        None => {
            waste_verification(password);
            None
        }
    })
}
