//! The pipeline's entry points: each runs the stages of the crate's modules in order.

use std::path::Path;

use crate::error::{Error, Result, Warning};
use crate::write::fingerprints::{Hash, Hashing};
use crate::{analysis, build, emit, load, lower, model, naming, overlay, product, write};

/// Runs the whole pipeline on a spec folder and returns the crate's files, rendered.
pub fn generate(spec_dir: &Path) -> Result<write::Rendered> {
    let rendered = write::Collect::new();
    generate_into(spec_dir, &rendered, false)?;
    Ok(rendered.into_rendered())
}

/// Runs the whole pipeline on a spec folder (one product, or a folder of product folders:
/// see [`product`]), handing each file to `sink` as it is rendered. Returns the warnings
/// (see [`Warning`]); with `deny_warnings`, any warning is an error before a file is rendered.
pub fn generate_into(spec_dir: &Path, sink: &dyn write::Sink, deny_warnings: bool) -> Result<Vec<Warning>> {
    generate_reusing(spec_dir, sink, deny_warnings, None)
}

/// [`generate_into`], formatting only the files whose input changed since the run that
/// `fingerprints` recorded, and recording this run's (see [`write::fingerprints`]).
pub fn generate_reusing(
    spec_dir: &Path,
    sink: &dyn write::Sink,
    deny_warnings: bool,
    fingerprints: Option<&mut write::fingerprints::Fingerprints>,
) -> Result<Vec<Warning>> {
    let (apis, inputs): (Vec<model::Api>, Vec<Hash>) = platform_with_inputs(spec_dir)?.into_iter().unzip();
    let warnings: Vec<Warning> = apis.iter().flat_map(|api| api.warnings.iter().cloned()).collect();
    if deny_warnings {
        if let Some(first) = warnings.first() {
            return Err(Error {
                location: first.location.clone(),
                message: format!(
                    "{} (and {} more warnings; --deny-warnings makes them errors)",
                    first.message,
                    warnings.len() - 1
                ),
            });
        }
    }
    let emitted = emit::emit(&apis)?;
    // A file one product's model alone makes is read back without being emitted when the
    // product's inputs are as the last run recorded.
    let sources: write::Sources = emitted
        .product_of
        .iter()
        .map(|(path, index)| (path.clone(), inputs[*index]))
        .collect();
    write::render_reusing(emitted.files, sink, fingerprints, &sources)?;
    Ok(warnings)
}

/// Renders the crate of the named models of a platform's products, handing each file to `sink`.
pub fn render(apis: &[model::Api], sink: &dyn write::Sink) -> Result<()> {
    write::render(emit::emit(apis)?.files, sink)
}

/// The named model of each product of a spec folder, in the order of their folders. An
/// operation of a product that `defers_to` another, and that the other has too (same
/// method and full path), is left to the other.
pub fn platform_of(spec: &Path) -> Result<Vec<model::Api>> {
    Ok(platform_with_inputs(spec)?.into_iter().map(|(api, _)| api).collect())
}

/// [`platform_of`], each model with a hash of everything it is made from (see [`inputs_of`]).
fn platform_with_inputs(spec: &Path) -> Result<Vec<(model::Api, Hash)>> {
    // Each product's document is read and, unless it defers to another product, modelled in
    // the same go: no core waits for the largest document to be read before it models the
    // others. Folders are spread over the machine's cores, the largest first; results keep
    // the folders' order, and so do the errors: the first folder that cannot be read, then
    // the platform's settings, then the first model that cannot be built.
    let read = in_parallel(product::folders(spec)?, folder_size, |folder| {
        let document = document_of(&folder)?;
        let settings = document
            .product
            .clone()
            .unwrap_or_else(|| product::Product::derived(&document.document));
        let inputs = inputs_of(&folder, &document);
        let operations = product::operation_keys(&document.document);
        let model = match settings.defers_to {
            Some(_) => Modelled::Later(document),
            None => Modelled::Done(model_of_loaded(document, settings.clone())),
        };
        Ok(Read {
            folder,
            settings,
            inputs,
            operations,
            model,
        })
    })?;
    let settings: Vec<(std::path::PathBuf, product::Product)> =
        read.iter().map(|r| (r.folder.clone(), r.settings.clone())).collect();
    product::check_platform(&settings)?;
    // What a product that defers to another needs of it: its operations and its inputs.
    let owners: std::collections::BTreeMap<String, (std::collections::BTreeSet<(String, String)>, Hash)> = read
        .iter()
        .filter(|r| settings.iter().any(|(_, p)| p.defers_to.as_ref() == Some(&r.settings.name)))
        .map(|r| (r.settings.name.clone(), (r.operations.clone(), r.inputs)))
        .collect();
    let later = |r: &Read| u64::from(matches!(r.model, Modelled::Later(_)));
    let modelled = in_parallel(read, later, |r| {
        Ok(match (r.model, &r.settings.defers_to) {
            (Modelled::Done(model), _) => (model, r.inputs),
            (Modelled::Later(mut document), owner) => {
                let (operations, owner_inputs) = &owners[owner.as_deref().expect("only a product that defers waits")];
                product::drop_operations(&mut document.document, operations);
                // Which operations it keeps depends on the other product's document.
                let mut hashing = Hashing::new();
                hashing.add(r.inputs.to_string().as_bytes());
                hashing.add(owner_inputs.to_string().as_bytes());
                (model_of_loaded(document, r.settings), hashing.finish())
            }
        })
    })?;
    modelled.into_iter().map(|(model, inputs)| Ok((model?, inputs))).collect()
}

/// One product folder, read.
struct Read {
    folder: std::path::PathBuf,
    settings: product::Product,
    inputs: Hash,
    /// Its document's operations, for a product that defers to this one.
    operations: std::collections::BTreeSet<(String, String)>,
    model: Modelled,
}

#[allow(clippy::large_enum_variant, reason = "one per product folder, moved a few times")]
enum Modelled {
    Done(Result<model::Api>),
    /// A product that defers to another is modelled once every folder is read.
    Later(load::Loaded),
}

/// The bytes of a folder's files: how long reading and modelling it takes, roughly.
fn folder_size(folder: &std::path::PathBuf) -> u64 {
    let entries = std::fs::read_dir(folder).into_iter().flatten().flatten();
    entries.filter_map(|entry| entry.metadata().ok()).map(|m| m.len()).sum()
}

/// A hash of everything a product's model is made from, with this codegen build: the name
/// and bytes of each file of its folder (documents, overlays, names, settings) and of each
/// file its documents refer to. Names are taken relative to the folder, since the files
/// generated do not depend on where the spec folder is.
fn inputs_of(folder: &Path, loaded: &load::Loaded) -> Hash {
    let mut files: std::collections::BTreeSet<std::path::PathBuf> = loaded.origins.files();
    match std::fs::read_dir(folder) {
        Ok(entries) => files.extend(entries.flatten().map(|entry| entry.path()).filter(|path| path.is_file())),
        Err(_) => {
            files.insert(folder.to_path_buf());
        }
    }
    let mut hashing = Hashing::new();
    for file in files {
        hashing.add(file.strip_prefix(folder).unwrap_or(&file).to_string_lossy().as_bytes());
        // A file that cannot be read again hashes as empty: load read it, and a later run
        // that can read it sees other bytes and emits afresh.
        hashing.add(&std::fs::read(&file).unwrap_or_default());
    }
    hashing.finish()
}

/// `work` on each item, on up to as many threads as the machine has cores (at most 4, since
/// each may hold a whole document), the items of most `weight` first. The results keep the
/// items' order, and the error returned is that of the first item that failed.
fn in_parallel<T: Send, R: Send>(
    items: Vec<T>,
    weight: impl Fn(&T) -> u64,
    work: impl Fn(T) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    let count = items.len();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(count.max(1));
    let mut queue: Vec<(usize, T)> = items.into_iter().enumerate().collect();
    queue.sort_by_key(|(index, item)| (std::cmp::Reverse(weight(item)), *index));
    let queue = std::sync::Mutex::new(queue.into_iter());
    let mut results: Vec<Option<Result<R>>> = (0..count).map(|_| None).collect();
    let done = std::sync::Mutex::new(&mut results);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let Some((index, item)) = write::lock(&queue).next() else {
                    break;
                };
                let result = work(item);
                write::lock(&done)[index] = Some(result);
            });
        }
    });
    results.into_iter().map(|r| r.expect("every item was worked on")).collect()
}

/// The spec folder as one OpenAPI 3.1 document: merged, overlays applied. This is what
/// the SDK is generated from, and what a spec-driven test server should serve.
pub fn document_of(spec_dir: &Path) -> Result<load::Loaded> {
    let mut loaded = load::load_dir(spec_dir)?;
    for overlay in &loaded.overlays {
        overlay::apply(&mut loaded.document, overlay)?;
    }
    Ok(loaded)
}

/// The API changes from one spec folder (or file) to another: of one product, or product by
/// product when either folder is a platform (`spec/`).
pub fn diff(old: &Path, new: &Path) -> Result<crate::diff::Report> {
    let is_platform = |path: &Path| -> Result<bool> { Ok(product::folders(path)? != [path.to_path_buf()]) };
    if is_platform(old)? || is_platform(new)? {
        return Ok(crate::diff::platform(&platform_of(old)?, &platform_of(new)?));
    }
    let version = |path: &Path| -> Result<Option<String>> {
        let loaded = document_of(path)?;
        Ok(loaded
            .document
            .pointer("/info/version")
            .and_then(|v| v.as_str())
            .map(str::to_owned))
    };
    let (old_api, new_api) = (model_of(old)?, model_of(new)?);
    Ok(crate::diff::diff(
        crate::diff::Side {
            api: &old_api,
            version: version(old)?,
        },
        crate::diff::Side {
            api: &new_api,
            version: version(new)?,
        },
    ))
}

/// One operation of the SDK, as `codegen operations` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OperationRow {
    pub method: String,
    pub path: String,
    pub operation_id: String,
    /// `cloud.inference.deployments.get`: `client.cloud().inference().deployments().get(..)`.
    pub call: String,
    /// The cargo feature of `gcore` the call needs.
    pub feature: String,
}

/// Every operation of a spec folder's products, in product order, then by call path.
pub fn operations(spec: &Path) -> Result<Vec<OperationRow>> {
    let mut rows = Vec::new();
    for api in platform_of(spec)? {
        let mut of_product: Vec<OperationRow> = api
            .operations
            .iter()
            .map(|op| OperationRow {
                method: op.method.as_str().to_uppercase(),
                path: op.path.clone(),
                operation_id: op.operation_id.clone(),
                call: op.rust.dotted(),
                feature: op.feature.clone(),
            })
            .collect();
        of_product.sort_by(|a, b| a.call.cmp(&b.call));
        rows.extend(of_product);
    }
    Ok(rows)
}

/// The named model of one product's folder: everything up to (not including) emission.
pub fn model_of(spec_dir: &Path) -> Result<model::Api> {
    let loaded = document_of(spec_dir)?;
    let settings = loaded
        .product
        .clone()
        .unwrap_or_else(|| product::Product::derived(&loaded.document));
    model_of_loaded(loaded, settings)
}

fn model_of_loaded(loaded: load::Loaded, settings: product::Product) -> Result<model::Api> {
    let load::Loaded {
        document,
        origins,
        names,
        product: _,
        overlays: _,
    } = loaded;
    // Each form of the document is consumed by the next, so that only one is held in full;
    // `build` reads the lowered document as `openapiv3` types one piece at a time.
    let document = lower::split(lower::lower(document, &origins)?, &origins)?;
    let mut api = build::build(document, &origins, settings)?;
    naming::assign(&mut api, &names)?;
    analysis::analyse(&mut api);
    // Warnings found while naming know their pointer; the file is the origins'.
    for warning in &mut api.warnings {
        if warning.location.file.is_none() {
            warning.location.file = origins.file_for(&warning.location.pointer);
        }
    }
    api.warnings.extend(origins.take_warnings());
    api.warnings.sort();
    api.warnings.dedup();
    Ok(api)
}
