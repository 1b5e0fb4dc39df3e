//! Users, their college scopes, and login sessions: [`AccountRepo`] over SQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::{CollegeId, Msg, Role, StudentId, User, UserId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{SqlRepo, audit, from_millis, millis};
use crate::error::{Result, StoreError};
use crate::repo::{AccountRepo, Actor, NewSession, NewUser, Session};

const COLUMNS: &str = "u.id, u.login, u.display_name, u.role, u.student_id";

async fn from_row(conn: &mut AnyConnection, r: &AnyRow) -> Result<User> {
    let id = UserId(r.try_get("id")?);
    let role_code: String = r.try_get("role")?;
    let role = Role::parse(&role_code).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let colleges =
        sqlx::query("SELECT college_id FROM user_colleges WHERE user_id = $1 ORDER BY college_id")
            .bind(id.0)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|c| c.try_get("college_id").map(CollegeId))
            .collect::<Result<Vec<_>, _>>()?;
    Ok(User {
        id,
        login: r.try_get("login")?,
        display_name: r.try_get("display_name")?,
        role,
        colleges,
        student_id: r.try_get::<Option<i64>, _>("student_id")?.map(StudentId),
    })
}

/// The account of a student, when they have one (the oldest, should there be several).
pub(super) async fn user_of_student(repo: &SqlRepo, student: StudentId) -> Result<Option<User>> {
    let mut conn = repo.pool.acquire().await?;
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM users u WHERE u.student_id = $1 ORDER BY u.id LIMIT 1"
    ))
    .bind(student.0)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(r) => Ok(Some(from_row(&mut conn, &r).await?)),
        None => Ok(None),
    }
}

#[async_trait]
impl AccountRepo for SqlRepo {
    async fn create_user(&self, new: &NewUser, actor: &Actor, now: DateTime<Utc>) -> Result<User> {
        let mut tx = self.write_tx().await?;
        let taken = sqlx::query("SELECT id FROM users WHERE login = $1")
            .bind(&new.login)
            .fetch_optional(&mut *tx.tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Rejected(Msg::new(
                format!("用户名“{}”已被使用", new.login),
                format!("the login \"{}\" is taken", new.login),
            )));
        }
        let row = sqlx::query(
            "INSERT INTO users (login, display_name, password_hash, role, student_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&new.login)
        .bind(&new.display_name)
        .bind(&new.password_hash)
        .bind(new.role.code())
        .bind(new.student_id.map(|s| s.0))
        .bind(millis(now))
        .fetch_one(&mut *tx.tx)
        .await?;
        let id = UserId(row.try_get("id")?);
        for college in &new.colleges {
            sqlx::query("INSERT INTO user_colleges (user_id, college_id) VALUES ($1, $2)")
                .bind(id.0)
                .bind(college.0)
                .execute(&mut *tx.tx)
                .await?;
        }
        let user = User {
            id,
            login: new.login.clone(),
            display_name: new.display_name.clone(),
            role: new.role,
            colleges: new.colleges.clone(),
            student_id: new.student_id,
        };
        audit::append(
            &mut tx.tx,
            actor,
            "user.create",
            &format!("user:{id}"),
            None,
            serde_json::to_value(&user).ok().as_ref(),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(user)
    }

    async fn user_by_login(&self, login: &str) -> Result<Option<(User, String)>> {
        let mut conn = self.pool.acquire().await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, u.password_hash FROM users u WHERE u.login = $1"
        ))
        .bind(login)
        .fetch_optional(&mut *conn)
        .await?;
        match row {
            Some(r) => Ok(Some((
                from_row(&mut conn, &r).await?,
                r.try_get("password_hash")?,
            ))),
            None => Ok(None),
        }
    }

    async fn users(&self) -> Result<Vec<User>> {
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM users u ORDER BY u.login"))
            .fetch_all(&mut *conn)
            .await?;
        let mut users = Vec::with_capacity(rows.len());
        for r in &rows {
            users.push(from_row(&mut conn, r).await?);
        }
        Ok(users)
    }

    async fn create_session(&self, s: &NewSession, now: DateTime<Utc>) -> Result<()> {
        // Expired sessions are swept whenever a new one starts, so the table stays small.
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&s.token_hash)
        .bind(s.user_id.0)
        .bind(&s.csrf_token)
        .bind(millis(now))
        .bind(millis(s.expires_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
        let mut conn = self.pool.acquire().await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, s.csrf_token, s.expires_at FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2"
        ))
        .bind(token_hash)
        .bind(millis(now))
        .fetch_optional(&mut *conn)
        .await?;
        match row {
            Some(r) => Ok(Some(Session {
                user: from_row(&mut conn, &r).await?,
                csrf_token: r.try_get("csrf_token")?,
                expires_at: from_millis(r.try_get("expires_at")?)?,
            })),
            None => Ok(None),
        }
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
