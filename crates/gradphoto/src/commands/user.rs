//! `gradphoto user add|list`.

use std::path::Path;
use std::process::ExitCode;

use gradphoto_app::accounts::{NewAccount, create_account, random_password};
use gradphoto_domain::Role;
use gradphoto_store::Actor;

use super::{app_error, current_campaign, open, print_json, refuse};
use crate::cli::{Global, UserCommand};

pub async fn run(global: &Global, cmd: UserCommand) -> anyhow::Result<ExitCode> {
    let (_config, app) = open(global, Path::new("data")).await?;
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
                current_campaign(app.repo.as_ref()).await?;
            }
            let generated = password.is_none();
            let password = password.unwrap_or_else(|| random_password(app.random.as_ref()));
            let account = NewAccount {
                login: &login,
                role,
                name: name.as_deref(),
                password: &password,
                colleges: &colleges,
                student_no: student_no.as_deref(),
            };
            let user = create_account(&app, &account, &Actor::system("cli"))
                .await
                .map_err(|e| app_error(e, lang))?;
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
            let users = app.repo.users().await?;
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
