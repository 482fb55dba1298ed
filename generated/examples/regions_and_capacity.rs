// @generated: copied verbatim by codegen from codegen/runtime/examples/regions_and_capacity.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Lists the regions where Gcore runs inference, and the capacity each has per flavor.
//!
//! ```sh
//! GCORE_API_KEY=... cargo run -p gcore --example regions_and_capacity
//! ```

use std::process::ExitCode;

pub async fn run(client: &gcore::Client) -> Result<(), gcore::Error> {
    let regions = client.cloud().ai().regions().list().await?;
    for region in &regions.results {
        println!("region {}: {}", region.id, region.display_name);
    }
    let capacity = client.cloud().inference().get_capacity_by_region().await?;
    for region in &capacity.results {
        for flavor in &region.capacity {
            println!("region {}: {} × {}", region.region_id, flavor.capacity, flavor.flavor_name);
        }
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
            // The message names the call and the operation, then what went wrong.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
