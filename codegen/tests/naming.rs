//! Operation names derived from paths (README, "Names"): resources from the literal
//! segments, methods from the HTTP method, and actions on one item as methods of its resource.

use std::collections::BTreeMap;

/// `operationId` → `resource.path.method` for a spec with these paths, each operation
/// answering 204.
fn names(paths: &[(&str, &[&str])]) -> BTreeMap<String, String> {
    let mut spec = String::from("openapi: 3.1.0\ninfo: {title: Names, version: '1'}\npaths:\n");
    for (path, methods) in paths {
        spec.push_str(&format!("  {path}:\n"));
        for method in *methods {
            let id = format!("{method} {path}");
            let params: Vec<String> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .map(|p| format!("{{in: path, name: {p}, required: true, schema: {{type: string}}}}"))
                .collect();
            spec.push_str(&format!(
                "    {method}:\n      operationId: '{id}'\n      parameters: [{}]\n      responses:\n        '204': {{description: Done}}\n",
                params.join(", ")
            ));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spec.yaml"), spec).unwrap();
    let api = codegen::model_of(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    api.operations
        .iter()
        .map(|op| {
            (
                op.operation_id.clone(),
                format!("{}.{}", op.rust.resource.join("."), op.rust.method),
            )
        })
        .collect()
}

#[test]
fn a_post_on_a_word_after_an_item_is_a_method_of_the_items_resource() {
    let names = names(&[
        ("/cloud/v1/instances/{project_id}/{region_id}", &["get", "post"]),
        (
            "/cloud/v1/instances/{project_id}/{region_id}/{instance_id}",
            &["get", "delete"],
        ),
        ("/cloud/v1/instances/{project_id}/{region_id}/{instance_id}/start", &["post"]),
        (
            "/cloud/v2/inference/{project_id}/deployments/{deployment_name}/stop",
            &["post"],
        ),
        ("/cloud/v1/volumes/{project_id}/{region_id}/{volume_id}/attach", &["post"]),
        ("/cloud/v2/volumes/{project_id}/{region_id}/{volume_id}/attach", &["post"]),
    ]);
    let expected = [
        ("get /cloud/v1/instances/{project_id}/{region_id}", "cloud.instances.list"),
        ("post /cloud/v1/instances/{project_id}/{region_id}", "cloud.instances.create"),
        (
            "get /cloud/v1/instances/{project_id}/{region_id}/{instance_id}",
            "cloud.instances.get",
        ),
        (
            "delete /cloud/v1/instances/{project_id}/{region_id}/{instance_id}",
            "cloud.instances.delete",
        ),
        (
            "post /cloud/v1/instances/{project_id}/{region_id}/{instance_id}/start",
            "cloud.instances.start",
        ),
        (
            "post /cloud/v2/inference/{project_id}/deployments/{deployment_name}/stop",
            "cloud.inference.deployments.stop",
        ),
        // Two versions of one action: the newest keeps the name.
        (
            "post /cloud/v1/volumes/{project_id}/{region_id}/{volume_id}/attach",
            "cloud.volumes.attach_v1",
        ),
        (
            "post /cloud/v2/volumes/{project_id}/{region_id}/{volume_id}/attach",
            "cloud.volumes.attach",
        ),
    ];
    for (id, name) in expected {
        assert_eq!(names[id], name, "{id}");
    }
}

#[test]
fn words_that_are_resources_stay_resources() {
    let names = names(&[
        // More than a POST: a resource of the item.
        (
            "/cloud/v1/instances/{project_id}/{region_id}/{instance_id}/metadata",
            &["get", "put"],
        ),
        // Paths below it: a resource.
        ("/cloud/v1/things/{thing_id}/logs", &["post"]),
        ("/cloud/v1/things/{thing_id}/logs/{log_id}", &["get"]),
        // A word that also names a resource beside the item.
        ("/cloud/v1/tasks/{task_id}/acknowledge", &["post"]),
        ("/cloud/v1/tasks/acknowledge", &["post"]),
        // After the project every call is scoped to, not after an item.
        ("/cloud/v1/instances/{project_id}/{region_id}/check_limits", &["post"]),
        // No resource group to hold the method.
        ("/cloud/v1/{id}/start", &["post"]),
    ]);
    let expected = [
        (
            "get /cloud/v1/instances/{project_id}/{region_id}/{instance_id}/metadata",
            "cloud.instances.metadata.get",
        ),
        (
            "put /cloud/v1/instances/{project_id}/{region_id}/{instance_id}/metadata",
            "cloud.instances.metadata.replace",
        ),
        ("post /cloud/v1/things/{thing_id}/logs", "cloud.things.logs.create"),
        ("get /cloud/v1/things/{thing_id}/logs/{log_id}", "cloud.things.logs.get"),
        (
            "post /cloud/v1/tasks/{task_id}/acknowledge",
            "cloud.tasks.acknowledge.create_by_task_id",
        ),
        ("post /cloud/v1/tasks/acknowledge", "cloud.tasks.acknowledge.create"),
        (
            "post /cloud/v1/instances/{project_id}/{region_id}/check_limits",
            "cloud.instances.check_limits.create",
        ),
        ("post /cloud/v1/{id}/start", "cloud.start.create"),
    ];
    for (id, name) in expected {
        assert_eq!(names[id], name, "{id}");
    }
}
