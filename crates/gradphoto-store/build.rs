//! Rebuilds the crate when a migration file is added or removed. `sqlx::migrate!` embeds the
//! migration folders when the crate is compiled, and the compiler only notices changes to the
//! files it embedded, not a new one beside them: without this, a build would run with the old
//! list of migrations.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
