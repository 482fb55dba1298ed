// @generated: copied verbatim by codegen from codegen/runtime/examples/iam_api_token.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Creates an API token for automation: reads the account's id, then creates a token with
//! the Engineers role that expires on a given date, and prints it (shown once).
//!
//! ```sh
//! GCORE_API_KEY=... cargo run -p gcore --example iam_api_token -- ci-deploy 2027-12-31T00:00:00Z
//! ```

use std::process::ExitCode;

use gcore::iam::models::{Group, GroupName, Token2, Token2ClientUser, Token2Required};

pub async fn run(client: &gcore::Client, name: &str, expires: &str) -> Result<(), gcore::Error> {
    let account = client.iam().account().get_overview().await?;
    let token = Token2::new(Token2Required {
        name: name.into(),
        exp_date: Some(expires.into()),
        client_user: Token2ClientUser::new().role(Group::new().name(GroupName::Engineers)),
    });
    let created = client.iam().api_tokens().create(account.id, token).await?;
    // The token itself is shown once, now: keep it somewhere safe.
    println!("API token {} of account {}: {:?}", created.id, account.id, created.token);
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [name, expires] = args.as_slice() else {
        eprintln!("usage: iam_api_token NAME EXPIRES (ci-deploy 2027-12-31T00:00:00Z)");
        return ExitCode::from(2);
    };
    // GCORE_API_KEY, and GCORE_BASE_URL to point the example at a mock server.
    let result = match gcore::Client::from_env() {
        Ok(client) => run(&client, name, expires).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A key without the right to manage tokens.
        Err(gcore::Error::Api(api)) if api.kind() == gcore::ApiErrorKind::Forbidden => {
            // The request id is what Gcore's support asks for.
            eprintln!("this API key may not create tokens (request {:?})", api.request_id);
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
