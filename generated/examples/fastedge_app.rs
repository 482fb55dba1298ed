// @generated: copied verbatim by codegen from codegen/runtime/examples/fastedge_app.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Deploys a FastEdge app: uploads its WebAssembly binary, then creates an app running it.
//!
//! ```sh
//! GCORE_API_KEY=... cargo run -p gcore --example fastedge_app -- my-app app.wasm
//! ```

use std::process::ExitCode;

use gcore::fastedge::models::App;

pub async fn run(client: &gcore::Client, name: &str, wasm: Vec<u8>) -> Result<(), gcore::Error> {
    let binary = client.fastedge().binaries().create(wasm).await?;
    println!("uploaded binary {}", binary.id);
    let app = App::new().name(name).binary(binary.id);
    let app = client.fastedge().apps().create().body(app).await?;
    println!(
        "app {} ({}) runs binary {}: status {}",
        app.id, app.name, app.binary, app.status
    );
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [name, path] = args.as_slice() else {
        eprintln!("usage: fastedge_app NAME FILE.wasm");
        return ExitCode::from(2);
    };
    let wasm = match std::fs::read(path) {
        Ok(wasm) => wasm,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    // GCORE_API_KEY, and GCORE_BASE_URL to point the example at a mock server.
    let result = match gcore::Client::from_env() {
        Ok(client) => run(&client, name, wasm).await,
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
