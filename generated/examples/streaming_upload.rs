// @generated: copied verbatim by codegen from codegen/runtime/examples/streaming_upload.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Uploads a video to Streaming. With a URL, Gcore copies the video from there; without one,
//! the example creates the video and prints where and with which token to upload its file
//! (a TUS upload, resumable).
//!
//! ```sh
//! GCORE_API_KEY=... cargo run -p gcore --example streaming_upload -- "My video" https://example.com/video.mp4
//! GCORE_API_KEY=... cargo run -p gcore --example streaming_upload -- "My video"
//! ```

use std::process::ExitCode;

use gcore::streaming::models::{CreateVideo, StreamingVideosCreateBody};

pub async fn run(client: &gcore::Client, name: &str, url: Option<&str>) -> Result<(), gcore::Error> {
    let mut video = CreateVideo::new(name);
    if let Some(url) = url {
        video = video.origin_url(url);
    }
    let body = StreamingVideosCreateBody::new().video(video);
    let created = client.streaming().videos().create().body(body).await?;
    for video in &created {
        println!("video {:?} ({:?}): {:?}", video.id, video.name, video.status);
        let (Some(id), None) = (video.id, url) else { continue };
        let upload = client.streaming().videos().get_parameters_for_direct_upload(id).await?;
        println!("upload its file with token {:?} to {:?}", upload.token, upload.servers);
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (name, url) = match args.as_slice() {
        [name] => (name.as_str(), None),
        [name, url] => (name.as_str(), Some(url.as_str())),
        _ => {
            eprintln!("usage: streaming_upload NAME [URL]");
            return ExitCode::from(2);
        }
    };
    // GCORE_API_KEY, and GCORE_BASE_URL to point the example at a mock server.
    let result = match gcore::Client::from_env() {
        Ok(client) => run(&client, name, url).await,
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
