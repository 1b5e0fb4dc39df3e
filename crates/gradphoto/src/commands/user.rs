//! `gradphoto user add|list`.

use std::path::Path;
use std::process::ExitCode;

use gradphoto_domain::user::{check_password, parse_login};
use gradphoto_domain::{Clock, Msg, Role, StudentNo, SystemClock};
use gradphoto_store::{Actor, NewUser, Repo};
use gradphoto_web::auth::password::hash_password;
use rand::Rng;
use rand::distr::Alphanumeric;

use super::{current_campaign, open, print_json, refuse};
use crate::cli::{Global, UserCommand};

/// A random password of 12 letters and digits, for users created without one.
pub fn random_password() -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(12)
        .map(char::from)
        .collect()
}

/// The user to create, checked against the roster: colleges by name, a student by 学号.
pub async fn new_user(
    repo: &dyn Repo,
    login: &str,
    role: Role,
    name: Option<&str>,
    password: &str,
    colleges: &[String],
    student_no: Option<&str>,
) -> Result<NewUser, Msg> {
    let login = parse_login(login)?;
    check_password(password)?;
    let needs_campaign = !colleges.is_empty() || student_no.is_some();
    let campaign = if needs_campaign {
        repo.current_campaign()
            .await
            .map_err(|e| Msg::new(e.to_string(), e.to_string()))?
    } else {
        None
    };
    let mut college_ids = Vec::new();
    if !colleges.is_empty() {
        let known = match &campaign {
            Some(c) => repo
                .colleges(c.id)
                .await
                .map_err(|e| Msg::new(e.to_string(), e.to_string()))?,
            None => Vec::new(),
        };
        for wanted in colleges {
            let found = known.iter().find(|c| c.name == *wanted).ok_or_else(|| {
                Msg::new(
                    format!("花名册中没有学院“{wanted}”"),
                    format!("there is no college \"{wanted}\" on the roster"),
                )
            })?;
            college_ids.push(found.id);
        }
    }
    if role.is_college_scoped() && college_ids.is_empty() {
        return Err(Msg::new(
            "学院领队和教务员需要用 --college 指定至少一个学院",
            "college leads and secretaries need at least one --college",
        ));
    }
    let student_id = match (student_no, &campaign) {
        (Some(no), Some(c)) => {
            let no = StudentNo::parse(no)?;
            let found = repo
                .student_by_no(c.id, &no)
                .await
                .map_err(|e| Msg::new(e.to_string(), e.to_string()))?
                .ok_or_else(|| {
                    Msg::new(
                        format!("花名册中没有学号 {no}"),
                        format!("there is no student number {no} on the roster"),
                    )
                })?;
            Some(found.student.id)
        }
        _ => None,
    };
    if role == Role::Student && student_id.is_none() {
        return Err(Msg::new(
            "学生账号需要用 --student-no 关联花名册中的学号",
            "a student account needs --student-no to link it to the roster",
        ));
    }
    let password_hash =
        hash_password(password).map_err(|e| Msg::new(e.to_string(), e.to_string()))?;
    Ok(NewUser {
        display_name: name.unwrap_or(&login).to_owned(),
        login,
        password_hash,
        role,
        colleges: college_ids,
        student_id,
    })
}

pub async fn run(global: &Global, cmd: UserCommand) -> anyhow::Result<ExitCode> {
    let (_config, repo) = open(global, Path::new("data")).await?;
    let lang = global.lang.as_str();
    match cmd {
        UserCommand::Add {
            login,
            role,
            name,
            password,
            colleges,
            student_no,
        } => {
            let role = Role::parse(&role).map_err(|m| refuse(&m, lang))?;
            if student_no.is_some() || !colleges.is_empty() {
                current_campaign(repo.as_ref()).await?;
            }
            let generated = password.is_none();
            let password = password.unwrap_or_else(random_password);
            let new = new_user(
                repo.as_ref(),
                &login,
                role,
                name.as_deref(),
                &password,
                &colleges,
                student_no.as_deref(),
            )
            .await
            .map_err(|m| refuse(&m, lang))?;
            let user = repo
                .create_user(&new, &Actor::system("cli"), SystemClock.now())
                .await
                .map_err(|e| match e {
                    gradphoto_store::StoreError::Rejected(m) => refuse(&m, lang),
                    other => other.into(),
                })?;
            if global.json {
                let shown = generated.then_some(password.as_str());
                print_json(&serde_json::json!({ "user": user, "password": shown }))?;
            } else {
                println!(
                    "{} {} ({})",
                    user.login,
                    user.role.label().get(lang),
                    user.id
                );
                if generated {
                    println!("password: {password}");
                }
            }
        }
        UserCommand::List => {
            let users = repo.users().await?;
            if global.json {
                print_json(&users)?;
            } else {
                for u in users {
                    println!("{}\t{}\t{}", u.login, u.role.code(), u.display_name);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
