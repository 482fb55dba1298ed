//! Deploys an inference container and waits for it: creates the deployment, polls the task
//! the API starts until it is finished, and reads the deployment back.
//!
//! ```sh
//! GCORE_API_KEY=... GCORE_CLOUD_PROJECT_ID=... cargo run -p gcore --example inference_deploy -- NAME IMAGE REGION_ID
//! ```

use std::process::ExitCode;

use gcore::cloud::models::{
    ContainerScaleV3, ContainerScaleV3Required, InferenceDeploymentContainerParams, InferenceDeploymentContainerParamsRequired,
    InferenceDeploymentCreateParams, InferenceDeploymentCreateParamsRequired,
};

pub async fn run(client: &gcore::Client, name: &str, image: &str, region_id: i64) -> Result<(), gcore::Error> {
    let body = InferenceDeploymentCreateParams::new(InferenceDeploymentCreateParamsRequired {
        containers: vec![InferenceDeploymentContainerParams::new(
            InferenceDeploymentContainerParamsRequired {
                region_id,
                scale: ContainerScaleV3::new(ContainerScaleV3Required { max: 1, min: 1 }),
            },
        )],
        flavor_name: "inference-4vcpu-16gib".into(),
        image: image.into(),
        listening_port: 80,
        name: name.into(),
    });
    let deployment = client.cloud().inference().deployments().create_and_poll(body).await?;
    println!("{} is {} at {:?}", deployment.name, deployment.status, deployment.address);
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (name, image, region) = match args.as_slice() {
        [name, image, region] => (name.as_str(), image.as_str(), region.parse().unwrap_or(0)),
        _ => ("example-deployment", "nginx:latest", 1),
    };
    // GCORE_API_KEY, GCORE_CLOUD_PROJECT_ID, and GCORE_BASE_URL to point it at a mock.
    let result = match gcore::Client::from_env() {
        Ok(client) => run(&client, name, image, region).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(gcore::Error::TaskFailed(failed)) => {
            eprintln!("the deployment's task {} failed: {:?}", failed.task_id, failed.error);
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
