//! Creating a login: the name and password checked, colleges found by name and a student by
//! 学号 on the current campaign's roster, the password hashed, the user stored and audited. The
//! command line and the demo create users through [`create_account`].

use gradphoto_domain::user::{check_password, parse_login};
use gradphoto_domain::{Msg, Role, StudentNo, User};
use gradphoto_store::{Actor, NewUser};

use crate::App;
use crate::error::{AppError, Result};
use crate::random::Random;

/// Letters and digits a generated password is made of.
const PASSWORD_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A random password of 12 letters and digits, for users created without one.
pub fn random_password(random: &dyn Random) -> String {
    random
        .bytes::<12>()
        .iter()
        // 256 is not a multiple of 62: the first few letters come a little more often, which
        // costs well under a bit of the password's 71.
        .map(|b| char::from(PASSWORD_ALPHABET[usize::from(*b) % PASSWORD_ALPHABET.len()]))
        .collect()
}

/// A login to create, as an administrator names it.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub login: &'a str,
    pub role: Role,
    /// Shown in the interface; the login when absent.
    pub name: Option<&'a str>,
    pub password: &'a str,
    /// College names of the roster, for the college-scoped roles.
    pub colleges: &'a [String],
    /// The roster's 学号, for a student's login.
    pub student_no: Option<&'a str>,
}

/// The user to create, checked against the roster: colleges by name, a student by 学号.
async fn checked(app: &App, account: &NewAccount<'_>) -> Result<NewUser> {
    let login = parse_login(account.login).map_err(|m| AppError::invalid("login", m))?;
    check_password(account.password).map_err(|m| AppError::invalid("password", m))?;
    let needs_campaign = !account.colleges.is_empty() || account.student_no.is_some();
    let campaign = if needs_campaign {
        app.repo.current_campaign().await?
    } else {
        None
    };
    let mut college_ids = Vec::new();
    if !account.colleges.is_empty() {
        let known = match &campaign {
            Some(c) => app.repo.colleges(c.id).await?,
            None => Vec::new(),
        };
        for wanted in account.colleges {
            let found = known.iter().find(|c| c.name == *wanted).ok_or_else(|| {
                AppError::invalid(
                    "college",
                    Msg::new(
                        format!("花名册中没有学院“{wanted}”"),
                        format!("there is no college \"{wanted}\" on the roster"),
                    ),
                )
            })?;
            college_ids.push(found.id);
        }
    }
    let role = account.role;
    if role.is_college_scoped() && college_ids.is_empty() {
        return Err(AppError::invalid(
            "college",
            Msg::new(
                "学院领队和教务员需要用 --college 指定至少一个学院",
                "college leads and secretaries need at least one --college",
            ),
        ));
    }
    let student_id = match (account.student_no, &campaign) {
        (Some(no), Some(c)) => {
            let no = StudentNo::parse(no).map_err(|m| AppError::invalid("student_no", m))?;
            let found = app.repo.student_by_no(c.id, &no).await?.ok_or_else(|| {
                AppError::invalid(
                    "student_no",
                    Msg::new(
                        format!("花名册中没有学号 {no}"),
                        format!("there is no student number {no} on the roster"),
                    ),
                )
            })?;
            Some(found.student.id)
        }
        _ => None,
    };
    if role == Role::Student && student_id.is_none() {
        return Err(AppError::invalid(
            "student_no",
            Msg::new(
                "学生账号需要用 --student-no 关联花名册中的学号",
                "a student account needs --student-no to link it to the roster",
            ),
        ));
    }
    let password = account.password.to_owned();
    let random = app.random.clone();
    // argon2 takes tens of milliseconds of CPU: not on the async threads.
    let password_hash = tokio::task::spawn_blocking(move || {
        super::password::hash_password(random.as_ref(), &password)
    })
    .await??;
    Ok(NewUser {
        display_name: account.name.unwrap_or(&login).to_owned(),
        login,
        password_hash,
        role,
        colleges: college_ids,
        student_id,
    })
}

/// Creates a login; a name already taken, an unknown college or 学号 is refused with what to do.
pub async fn create_account(app: &App, account: &NewAccount<'_>, actor: &Actor) -> Result<User> {
    let new = checked(app, account).await?;
    Ok(app.repo.create_user(&new, actor, app.clock.now()).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::SeededRandom;

    #[test]
    fn generated_passwords_are_letters_and_digits() {
        let random = SeededRandom::new(3);
        let pw = random_password(&random);
        assert_eq!(pw.chars().count(), 12);
        assert!(pw.chars().all(|c| c.is_ascii_alphanumeric()));
        assert!(check_password(&pw).is_ok());
        assert_ne!(pw, random_password(&random));
    }
}
