//! Adds a WAAP custom rule to a protected domain: requests for a path are blocked.
//!
//! ```sh
//! GCORE_API_KEY=... cargo run -p gcore --example waap_custom_rule -- DOMAIN_ID /admin
//! ```

use std::process::ExitCode;

use gcore::waap::models::{
    CustomRule, CustomRuleCondition, CustomRuleRequired, CustomerRuleAction, RuleBlockAction, UrlCondition,
};

pub async fn run(client: &gcore::Client, domain_id: i64, path: &str) -> Result<(), gcore::Error> {
    let rule = CustomRule::new(CustomRuleRequired {
        name: "Block a path".into(),
        enabled: true,
        action: CustomerRuleAction::new().block(RuleBlockAction::new()),
        conditions: vec![CustomRuleCondition::new().url(UrlCondition::new(path))],
    });
    let created = client.waap().domains().custom_rules().create(domain_id, rule).await?;
    println!("rule {} ({}) blocks {path} on domain {domain_id}", created.id, created.name);
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (domain_id, path) = match args.as_slice() {
        [domain_id, path] => match domain_id.parse() {
            Ok(domain_id) => (domain_id, path.as_str()),
            Err(_) => {
                eprintln!("DOMAIN_ID is a number: {domain_id}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: waap_custom_rule DOMAIN_ID PATH (1234 /admin)");
            return ExitCode::from(2);
        }
    };
    // GCORE_API_KEY, and GCORE_BASE_URL to point the example at a mock server.
    let result = match gcore::Client::from_env() {
        Ok(client) => run(&client, domain_id, path).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The SDK checks what the API's document says of a rule before sending it (a path
        // too long, say): nothing was sent, and the message names the field.
        Err(gcore::Error::InvalidRequest(invalid)) => {
            eprintln!("the rule is not valid: {invalid}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
