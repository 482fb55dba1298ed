// @generated: copied verbatim by codegen from codegen/runtime/examples/dns_zone.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Creates a DNS zone, then lists the account's zones.
//!
//! ```sh
//! GCORE_API_KEY=... cargo run -p gcore --example dns_zone -- example.com
//! ```

use std::process::ExitCode;

use gcore::dns::models::InputZone;

pub async fn run(client: &gcore::Client, name: &str) -> Result<(), gcore::Error> {
    match client.dns().zones().create(InputZone::new(name)).await {
        Ok(created) => println!("created zone {name} ({:?})", created.id),
        // Already there: list it with the others below.
        Err(gcore::Error::Api(api)) if api.kind() == gcore::ApiErrorKind::Conflict => {
            println!("zone {name} exists already")
        }
        Err(error) => return Err(error),
    }
    let zones = client.dns().zones().list().await?;
    for zone in zones.zones.iter().flatten() {
        println!("zone {:?}", zone.name);
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let name = std::env::args().nth(1).unwrap_or_else(|| "example.com".into());
    // GCORE_API_KEY, and GCORE_BASE_URL to point the example at a mock server.
    let result = match gcore::Client::from_env() {
        Ok(client) => run(&client, &name).await,
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
