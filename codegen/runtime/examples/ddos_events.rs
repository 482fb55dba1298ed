//! Reads the DDoS protection events of the account, a page at a time.
//!
//! ```sh
//! GCORE_API_KEY=... cargo run -p gcore --example ddos_events
//! ```

use std::process::ExitCode;

pub async fn run(client: &gcore::Client) -> Result<(), gcore::Error> {
    let page = client.security().events().list().await?;
    println!("{} events", page.count.unwrap_or_default());
    for event in &page.results {
        println!("{event:?}");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    // GCORE_API_KEY, and GCORE_BASE_URL to point the example at a mock server.
    let result = match gcore::Client::from_env() {
        Ok(client) => run(&client).await,
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
