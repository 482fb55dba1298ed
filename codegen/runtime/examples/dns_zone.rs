//! Creates a DNS zone and an A record in it (`www`, pointing at an IPv4 address), then
//! lists the zone's record sets.
//!
//! ```sh
//! GCORE_API_KEY=... cargo run -p gcore --example dns_zone -- example.com 192.0.2.1
//! ```

use std::process::ExitCode;

use gcore::dns::models::{InputResourceRecord, InputRrSet, InputZone};

pub async fn run(client: &gcore::Client, zone: &str, address: &str) -> Result<(), gcore::Error> {
    let zones = client.dns().zones();
    match zones.create(InputZone::new(zone)).await {
        Ok(created) => println!("created zone {zone} ({:?})", created.id),
        // Already there: add the record to it all the same.
        Err(gcore::Error::Api(api)) if api.kind() == gcore::ApiErrorKind::Conflict => {
            println!("zone {zone} exists already")
        }
        Err(error) => return Err(error),
    }
    // A record's content is one value per record parameter: an A record's is its address.
    let record = InputResourceRecord::new(vec![address.into()]);
    let name = format!("www.{zone}");
    let rrset = InputRrSet::new(vec![record]).ttl(300);
    let created = zones.rrsets().create(zone, &name, "A", rrset).await?;
    println!("created {} {:?} → {address}", created.name, created.type_);
    let rrsets = zones.rrsets().list(zone).await?;
    for rrset in rrsets.rrsets.iter().flatten() {
        println!("record set {} {:?}, ttl {:?}", rrset.name, rrset.type_, rrset.ttl);
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [zone, address] = args.as_slice() else {
        eprintln!("usage: dns_zone ZONE IPV4_ADDRESS (example.com 192.0.2.1)");
        return ExitCode::from(2);
    };
    // GCORE_API_KEY, and GCORE_BASE_URL to point the example at a mock server.
    let result = match gcore::Client::from_env() {
        Ok(client) => run(&client, zone, address).await,
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
