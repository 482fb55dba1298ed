//! Operation names derived from paths (README, "Names"): resources from the literal
//! segments, methods from the HTTP method, and actions on one item as methods of its resource.

use std::collections::BTreeMap;

/// `operationId` → `resource.path.method` for a spec with these paths, each operation
/// answering 204.
fn names(paths: &[(&str, &[&str])]) -> BTreeMap<String, String> {
    let operations: Vec<(&str, &str, Option<&str>)> = paths
        .iter()
        .flat_map(|(path, methods)| methods.iter().map(move |method| (*path, *method, None)))
        .collect();
    names_of(&operations)
}

/// `operationId` (`"{method} {path}"`) → `resource.path.method` for these operations, each
/// answering 200 with the given schema (YAML), or 204 without one.
fn names_of(operations: &[(&str, &str, Option<&str>)]) -> BTreeMap<String, String> {
    let mut by_path: BTreeMap<&str, Vec<(&str, Option<&str>)>> = BTreeMap::new();
    for (path, method, response) in operations {
        by_path.entry(path).or_default().push((method, *response));
    }
    let mut spec = String::from("openapi: 3.1.0\ninfo: {title: Names, version: '1'}\npaths:\n");
    for (path, methods) in by_path {
        spec.push_str(&format!("  {path}:\n"));
        for (method, response) in methods {
            let id = format!("{method} {path}");
            let params: Vec<String> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .map(|p| format!("{{in: path, name: {p}, required: true, schema: {{type: string}}}}"))
                .collect();
            let response = match response {
                Some(schema) => {
                    format!("'200': {{description: Done, content: {{application/json: {{schema: {schema}}}}}}}")
                }
                None => "'204': {description: Done}".to_string(),
            };
            spec.push_str(&format!(
                "    {method}:\n      operationId: '{id}'\n      parameters: [{}]\n      responses:\n        {response}\n",
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

/// Each operation (`"{method} {path}"`) has the expected name.
fn assert_named(names: &BTreeMap<String, String>, expected: &[(&str, &str)]) {
    for (id, name) in expected {
        assert_eq!(names[*id], *name, "{id}");
    }
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
    assert_named(&names, &expected);
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
    assert_named(&names, &expected);
}

#[test]
fn a_get_on_a_word_below_an_item_is_list_when_it_answers_with_a_list() {
    const ENVELOPE: &str = "{type: object, properties: {count: {type: integer}, results: {type: array, items: {type: string}}}}";
    const ARRAY: &str = "{type: array, items: {type: string}}";
    const OBJECT: &str = "{type: object, properties: {status: {type: string}}}";
    let names = names_of(&[
        (
            "/cloud/v1/instances/{project_id}/{region_id}/{instance_id}/interfaces",
            "get",
            Some(ENVELOPE),
        ),
        (
            "/cloud/v1/instances/{project_id}/{region_id}/{instance_id}/securitygroups",
            "get",
            Some(ARRAY),
        ),
        (
            "/cloud/v1/loadbalancers/{project_id}/{region_id}/{loadbalancer_id}/status",
            "get",
            Some(OBJECT),
        ),
        (
            "/cloud/v1/volumes/{project_id}/{region_id}/{volume_id}/metadata_item",
            "get",
            None,
        ),
        // The path alone decides elsewhere: an item is `get` whatever it answers, and a
        // collection with no item in its path is `list`.
        (
            "/cloud/v1/networks/{project_id}/{region_id}/{network_id}",
            "get",
            Some(ENVELOPE),
        ),
        ("/cloud/v1/laas/{project_id}/{region_id}/status", "get", Some(OBJECT)),
    ]);
    let expected = [
        (
            "get /cloud/v1/instances/{project_id}/{region_id}/{instance_id}/interfaces",
            "cloud.instances.interfaces.list",
        ),
        (
            "get /cloud/v1/instances/{project_id}/{region_id}/{instance_id}/securitygroups",
            "cloud.instances.securitygroups.list",
        ),
        (
            "get /cloud/v1/loadbalancers/{project_id}/{region_id}/{loadbalancer_id}/status",
            "cloud.loadbalancers.status.get",
        ),
        (
            "get /cloud/v1/volumes/{project_id}/{region_id}/{volume_id}/metadata_item",
            "cloud.volumes.metadata_item.get",
        ),
        (
            "get /cloud/v1/networks/{project_id}/{region_id}/{network_id}",
            "cloud.networks.get",
        ),
        ("get /cloud/v1/laas/{project_id}/{region_id}/status", "cloud.laas.status.list"),
    ];
    assert_named(&names, &expected);
}

#[test]
fn a_component_keeps_its_name_from_an_inline_schema_that_would_share_it() {
    let spec = r#"
openapi: 3.1.0
info: {title: Names, version: '1'}
paths:
  /cloud/v1/instances/{instance_id}:
    get:
      operationId: Instances.get
      parameters: [{in: path, name: instance_id, required: true, schema: {type: string}}]
      responses:
        '200':
          description: Done
          content: {application/json: {schema: {$ref: '#/components/schemas/InstanceSerializer'}}}
components:
  schemas:
    InstanceSerializer:
      type: object
      properties:
        flavor: {anyOf: [{$ref: '#/components/schemas/InstanceFlavorSerializer'}, {type: string}]}
    InstanceFlavorSerializer:
      type: object
      properties:
        name: {type: string}
"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spec.yaml"), spec).unwrap();
    let api = codegen::model_of(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let names: BTreeMap<String, String> = api.types.values().map(|t| (t.pointer.clone(), t.name.clone())).collect();
    assert_eq!(
        names["/components/schemas/InstanceFlavorSerializer"], "InstanceFlavor",
        "{names:#?}"
    );
    let inline = &names["/components/schemas/InstanceSerializer/properties/flavor"];
    assert!(
        inline.starts_with("InstanceFlavorX") && inline.len() == "InstanceFlavorX".len() + 4,
        "{names:#?}"
    );
}

#[test]
fn resource_entries_rename_the_longest_matching_prefix_and_the_product_names_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = String::from("openapi: 3.1.0\ninfo: {title: Names, version: '1'}\npaths:\n");
    for (path, id) in [
        ("/cloud/v1/lblisteners", "a"),
        ("/cloud/v1/lbpools/member", "b"),
        ("/cloud/v1/lbpools/x", "c"),
        ("/cloud/v1/other/x", "d"),
        ("/cloud/v1/named", "e"),
    ] {
        spec.push_str(&format!(
            "  {path}: {{get: {{operationId: {id}, responses: {{'204': {{description: Done}}}}}}}}\n"
        ));
    }
    std::fs::write(dir.path().join("spec.yaml"), spec).unwrap();
    std::fs::write(
        dir.path().join("names.yaml"),
        concat!(
            "operations: {e: lb.named.list}\nresources:\n",
            "  lb.lblisteners: lb.load_balancers.listeners\n",
            "  lb.lbpools: lb.load_balancers.pools\n",
            "  lb.lbpools.member: lb.load_balancers.pools.members\n",
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("product.yaml"), "name: lb\n").unwrap();
    let api = codegen::model_of(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let names: BTreeMap<String, String> = api
        .operations
        .iter()
        .map(|op| {
            (
                op.operation_id.clone(),
                format!("{}.{}", op.rust.resource.join("."), op.rust.method),
            )
        })
        .collect();
    assert_named(
        &names,
        &[
            ("a", "lb.load_balancers.listeners.list"),
            ("b", "lb.load_balancers.pools.members.list"),
            ("c", "lb.load_balancers.pools.x.list"),
            ("d", "lb.other.x.list"),
            ("e", "lb.named.list"),
        ],
    );
    // A resource entry must be a snake_case path; a name outside the product is refused.
    std::fs::write(dir.path().join("names.yaml"), "resources: {lb.Bad: lb.good}\n").unwrap();
    let error = codegen::model_of(dir.path()).unwrap_err();
    assert_eq!(error.location.pointer, "/resources/lb.Bad", "{error}");
    std::fs::write(dir.path().join("names.yaml"), "operations: {a: cloud.x.list}\n").unwrap();
    let error = codegen::model_of(dir.path()).unwrap_err();
    assert!(error.message.contains("outside its product"), "{error}");
}
