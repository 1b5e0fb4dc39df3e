//! The two backends' migration folders hold the same migrations: a schema change lands in both,
//! under the same version and name, or a database of one backend ends up with a schema the
//! other never had.

use gradphoto_store::sql::{Dialect, migrator};

/// A backend's migrations as (version, name), in the order they run.
fn listed(dialect: Dialect) -> Vec<(i64, String)> {
    migrator(dialect)
        .iter()
        .map(|m| (m.version, m.description.to_string()))
        .collect()
}

#[test]
fn both_backends_have_the_same_migrations() {
    let sqlite = listed(Dialect::Sqlite);
    let postgres = listed(Dialect::Postgres);
    assert!(!sqlite.is_empty(), "no SQLite migrations were embedded");
    assert!(
        !postgres.is_empty(),
        "no PostgreSQL migrations were embedded"
    );
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres must hold the same versions with the same names"
    );
}
