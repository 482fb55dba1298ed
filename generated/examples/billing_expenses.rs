// @generated: copied verbatim by codegen from codegen/runtime/examples/billing_expenses.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Sums the account's expenses since a date, per currency, reading every page as it goes.
//!
//! ```sh
//! GCORE_API_KEY=... cargo run -p gcore --example billing_expenses -- 2026-11-01
//! ```

use std::collections::BTreeMap;
use std::process::ExitCode;

use gcore::TryStreamExt;

pub async fn run(client: &gcore::Client, since: &str) -> Result<(), gcore::Error> {
    let mut expenses = client
        .billing()
        .org()
        .expenses()
        .list()
        .period_date_from(since)
        .limit(100)
        .stream();
    let mut totals: BTreeMap<String, f64> = BTreeMap::new();
    while let Some(expense) = expenses.try_next().await? {
        let product = expense.product_name.as_deref().unwrap_or("?");
        let value = expense.money_value.as_deref().unwrap_or("0");
        let currency = expense.currency_char_code.unwrap_or_default();
        println!("{product}: {value} {currency}");
        // Amounts are decimals written as text ("12.33").
        *totals.entry(currency).or_default() += value.parse::<f64>().unwrap_or(0.0);
    }
    for (currency, total) in totals {
        println!("total since {since}: {total:.2} {currency}");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let Some(since) = std::env::args().nth(1) else {
        eprintln!("usage: billing_expenses SINCE (2026-11-01)");
        return ExitCode::from(2);
    };
    // GCORE_API_KEY, and GCORE_BASE_URL to point the example at a mock server.
    let result = match gcore::Client::from_env() {
        Ok(client) => run(&client, &since).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
