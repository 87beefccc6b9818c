//! Names the trader gives things (schedules, accounts) are unique per table, checked inside the
//! write so the refusal names the field and says what the name belongs to, instead of surfacing
//! a constraint violation.

use pilothouse_core::FieldError;
use sqlx::SqliteConnection;

use crate::StoreError;

/// A table whose rows the trader names.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Named {
    Schedule,
    Account,
}

impl Named {
    fn table(self) -> &'static str {
        match self {
            Named::Schedule => "schedules",
            Named::Account => "accounts",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Named::Schedule => "schedule",
            Named::Account => "account",
        }
    }
}

/// Refuses `name` (field `name`) if another row than `except` of `named` has it.
pub(crate) async fn name_free(
    conn: &mut SqliteConnection,
    named: Named,
    name: &str,
    except: Option<i64>,
) -> Result<(), StoreError> {
    let sql = format!(
        "SELECT id FROM {} WHERE name = ? AND id IS NOT ?",
        named.table()
    );
    let taken: Option<i64> = sqlx::query_scalar(&sql)
        .bind(name)
        .bind(except)
        .fetch_optional(conn)
        .await?;
    match taken {
        None => Ok(()),
        Some(_) => Err(StoreError::Invalid(FieldError::new(
            "name",
            format!("`{name}` is already the name of another {}", named.noun()),
        ))),
    }
}
