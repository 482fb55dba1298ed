// @generated: copied verbatim by codegen from codegen/runtime/examples/storage_bucket_key.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Creates a bucket in an S3-compatible object storage, and an access key to reach it.
//!
//! ```sh
//! GCORE_API_KEY=... cargo run -p gcore --example storage_bucket_key -- STORAGE_ID my-bucket
//! ```

use std::process::ExitCode;

use gcore::storage::models::BucketCreateBodyV4;

pub async fn run(client: &gcore::Client, storage_id: i64, bucket: &str) -> Result<(), gcore::Error> {
    let buckets = client.storage().object_storages().buckets();
    match buckets.create(storage_id, BucketCreateBodyV4::new(bucket)).await {
        Ok(created) => println!("created bucket {} in storage {}", created.name, created.storage_id),
        Err(gcore::Error::Api(api)) if api.kind() == gcore::ApiErrorKind::Conflict => {
            println!("bucket {bucket} exists already")
        }
        Err(error) => return Err(error),
    }
    let key = client.storage().object_storages().access_keys().create(storage_id).await?;
    // The secret is shown once, now: keep it somewhere safe.
    println!(
        "access key {} (created {}), secret {}",
        key.access_key, key.created_at, key.secret_key
    );
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (storage_id, bucket) = match args.as_slice() {
        [storage_id, bucket] => match storage_id.parse() {
            Ok(storage_id) => (storage_id, bucket.as_str()),
            Err(_) => {
                eprintln!("STORAGE_ID is a number: {storage_id}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: storage_bucket_key STORAGE_ID BUCKET");
            return ExitCode::from(2);
        }
    };
    // GCORE_API_KEY, and GCORE_BASE_URL to point the example at a mock server.
    let result = match gcore::Client::from_env() {
        Ok(client) => run(&client, storage_id, bucket).await,
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
