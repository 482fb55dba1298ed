// @generated: copied verbatim by codegen from codegen/runtime/examples/cdn_resource.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Sets up a CDN resource: the content of an origin server, delivered under a domain of
//! yours (point the domain's CNAME record at the resource afterwards).
//!
//! ```sh
//! GCORE_API_KEY=... cargo run -p gcore --example cdn_resource -- cdn.example.com origin.example.com
//! ```

use std::process::ExitCode;

use gcore::cdn::models::CreateResource;

pub async fn run(client: &gcore::Client, cname: &str, origin: &str) -> Result<(), gcore::Error> {
    let body = CreateResource::new(cname.to_string()).origin(origin.to_string());
    let resource = client.cdn().cdn_resources().create(body).await?;
    println!(
        "CDN resource {:?} delivers {origin} as {cname}: status {:?}",
        resource.id, resource.status
    );
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cname, origin] = args.as_slice() else {
        eprintln!("usage: cdn_resource CNAME ORIGIN (cdn.example.com origin.example.com)");
        return ExitCode::from(2);
    };
    // GCORE_API_KEY, and GCORE_BASE_URL to point the example at a mock server.
    let result = match gcore::Client::from_env() {
        Ok(client) => run(&client, cname, origin).await,
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
