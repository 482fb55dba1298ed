//! The programs users run and copy (`cargo run -p gcore --example NAME`): which ship, and
//! the cargo features each needs.
//!
//! An example is written by hand against the SDK today's documents give. Another version of
//! a document may drop a call it makes or change a field it reads, and an example that does
//! not compile breaks `cargo test` of the whole workspace. So each example lists what it
//! relies on, spelled as the SDK spells it (a call with its arguments and result, a field
//! with its type, a constructor), and ships only while the SDK has every one of them, as the
//! hand-written helpers do. Its required features are those of the groups it calls.

use std::collections::BTreeSet;

use super::features::features;
use super::helpers;
use super::models::field_type;
use super::reference::type_text;
use super::resources::is_argument;
use crate::model::{Api, Operation, Struct, TypeDef, TypeKind};

macro_rules! example_file {
    ($name:literal) => {
        (
            concat!("examples/", $name),
            concat!("codegen/runtime/examples/", $name),
            include_str!(concat!("../../runtime/examples/", $name)),
        )
    };
}

/// A hand-written example and what it relies on.
pub struct Example {
    /// (path in `generated/`, path in this repository, text).
    pub file: (&'static str, &'static str, &'static str),
    needs: &'static [Need],
}

/// One thing of the SDK an example relies on, product first, spelled as [`render_call`],
/// [`render_new`] and [`Need::holds`] render it from the model.
enum Need {
    /// A call, its arguments (path and required query parameters, then a required body), an
    /// optional body, and its result: `cloud.ai.regions.list() -> AiRegionList`,
    /// `fastedge.apps.create().body(App) -> AppShort`.
    Call(&'static str),
    /// A setter of a call's optional parameter, and the parameter's type:
    /// `billing.org.expenses.list.period_date_from: String`.
    Setter(&'static str),
    /// A paginated call's `stream()` of every item, and the items' type:
    /// `cloud.tasks.list().stream() -> Task`.
    Stream(&'static str),
    /// A field of a model and its type, wrapper included:
    /// `cloud::AiRegion.display_name: String`.
    Field(&'static str),
    /// The constructor of a request type: `dns::InputZone::new(name: String)`, or
    /// `cloud::A::new(ARequired { b, c })` with the fields of its required struct.
    New(&'static str),
    /// A variant of an enum: `iam::GroupName::Engineers`.
    Variant(&'static str),
    /// A type alias and its target: `cdn::Cname = String`.
    Alias(&'static str),
    /// A hand-written helper module (`helpers.rs`): `cloud::inference_deployments`.
    Helper(&'static str),
}

const EXAMPLES: &[Example] = &[
    Example {
        file: example_file!("regions_and_capacity.rs"),
        needs: &[
            Need::Call("cloud.ai.regions.list() -> AiRegionList"),
            Need::Field("cloud::AiRegionList.results: Vec<AiRegion>"),
            Need::Field("cloud::AiRegion.id: i64"),
            Need::Field("cloud::AiRegion.display_name: String"),
            Need::Call("cloud.inference.get_capacity_by_region() -> InferenceRegionCapacityList"),
            Need::Field("cloud::InferenceRegionCapacityList.results: Vec<InferenceRegionCapacity>"),
            Need::Field("cloud::InferenceRegionCapacity.region_id: i64"),
            Need::Field("cloud::InferenceRegionCapacity.capacity: Vec<InferenceFlavorCapacity>"),
            Need::Field("cloud::InferenceFlavorCapacity.capacity: i64"),
            Need::Field("cloud::InferenceFlavorCapacity.flavor_name: String"),
        ],
    },
    Example {
        file: example_file!("inference_deploy.rs"),
        needs: &[
            Need::Helper("cloud::inference_deployments"),
            Need::Call("cloud.inference.deployments.create(body: InferenceDeploymentCreateParams) -> TaskIdList"),
            Need::New("cloud::InferenceDeploymentCreateParams::new(InferenceDeploymentCreateParamsRequired { containers, flavor_name, image, listening_port, name })"),
            Need::Field("cloud::InferenceDeploymentCreateParams.containers: Vec<InferenceDeploymentContainerParams>"),
            Need::Field("cloud::InferenceDeploymentCreateParams.flavor_name: String"),
            Need::Field("cloud::InferenceDeploymentCreateParams.image: String"),
            Need::Field("cloud::InferenceDeploymentCreateParams.listening_port: i64"),
            Need::Field("cloud::InferenceDeploymentCreateParams.name: String"),
            Need::New("cloud::InferenceDeploymentContainerParams::new(InferenceDeploymentContainerParamsRequired { region_id, scale })"),
            Need::Field("cloud::InferenceDeploymentContainerParams.region_id: i64"),
            Need::Field("cloud::InferenceDeploymentContainerParams.scale: ContainerScaleV3"),
            Need::New("cloud::ContainerScaleV3::new(ContainerScaleV3Required { max, min })"),
            Need::Field("cloud::ContainerScaleV3.max: i64"),
            Need::Field("cloud::ContainerScaleV3.min: i64"),
            Need::Field("cloud::InferenceDeployment.name: String"),
            Need::Field("cloud::InferenceDeployment.status: InferenceInstanceStatusV3"),
            Need::Field("cloud::InferenceDeployment.address: Option<String>"),
        ],
    },
    Example {
        file: example_file!("dns_zone.rs"),
        needs: &[
            Need::Call("dns.zones.create(body: InputZone) -> CreateZoneResponse"),
            Need::New("dns::InputZone::new(name: String)"),
            Need::Field("dns::CreateZoneResponse.id: Option<i64>"),
            Need::Call("dns.zones.rrsets.create(zone_name: String, rrset_name: String, rrset_type: String, body: InputRrSet) -> OutputRrSet"),
            Need::New("dns::InputRrSet::new(resource_records: Vec<InputResourceRecord>)"),
            Need::Field("dns::InputRrSet.ttl: Option<i64>"),
            Need::New("dns::InputResourceRecord::new(content: Vec<Value>)"),
            Need::Field("dns::OutputRrSet.name: String"),
            Need::Field("dns::OutputRrSet.type_: OutputRrSetType"),
            Need::Field("dns::OutputRrSet.ttl: Option<i64>"),
            Need::Call("dns.zones.rrsets.list(zone_name: String) -> ListRrSetResponse"),
            Need::Field("dns::ListRrSetResponse.rrsets: Option<Vec<OutputRrSet>>"),
        ],
    },
    Example {
        file: example_file!("iam_api_token.rs"),
        needs: &[
            Need::Call("iam.account.get_overview() -> ClientBase"),
            Need::Field("iam::ClientBase.id: i64"),
            Need::Call("iam.api_tokens.create(client_id: i64, body: Token2) -> CreateTokenResponseV2"),
            Need::New("iam::Token2::new(Token2Required { name, exp_date, client_user })"),
            Need::Field("iam::Token2.name: String"),
            Need::Field("iam::Token2.exp_date: Option<String>"),
            Need::Field("iam::Token2.client_user: Token2ClientUser"),
            Need::New("iam::Token2ClientUser::new()"),
            Need::Field("iam::Token2ClientUser.role: Option<Group>"),
            Need::New("iam::Group::new()"),
            Need::Field("iam::Group.name: Option<GroupName>"),
            Need::Variant("iam::GroupName::Engineers"),
            Need::Field("iam::CreateTokenResponseV2.id: i64"),
            Need::Field("iam::CreateTokenResponseV2.token: Option<String>"),
        ],
    },
    Example {
        file: example_file!("billing_expenses.rs"),
        needs: &[
            Need::Stream("billing.org.expenses.list().stream() -> BillingOrgExpensesListResponseResultsItem"),
            Need::Setter("billing.org.expenses.list.period_date_from: String"),
            Need::Setter("billing.org.expenses.list.limit: i64"),
            Need::Field("billing::BillingOrgExpensesListResponseResultsItem.product_name: Option<String>"),
            Need::Field("billing::BillingOrgExpensesListResponseResultsItem.money_value: Option<String>"),
            Need::Field("billing::BillingOrgExpensesListResponseResultsItem.currency_char_code: Option<String>"),
        ],
    },
    Example {
        file: example_file!("ddos_events.rs"),
        needs: &[
            Need::Call("security.events.list() -> LimitOffsetPageTypeVarCustomizedEventLogClientsOutSchema"),
            Need::Field("security::LimitOffsetPageTypeVarCustomizedEventLogClientsOutSchema.count: Option<i64>"),
            Need::Field("security::LimitOffsetPageTypeVarCustomizedEventLogClientsOutSchema.results: Vec<EventLogClientsOutSchema>"),
        ],
    },
    Example {
        file: example_file!("cdn_resource.rs"),
        needs: &[
            Need::Call("cdn.cdn_resources.create(body: CreateResource) -> ResourceResponse"),
            Need::New("cdn::CreateResource::new(cname: Cname)"),
            Need::Alias("cdn::Cname = String"),
            Need::Field("cdn::CreateResource.origin: Option<Origin>"),
            Need::Alias("cdn::Origin = String"),
            Need::Field("cdn::ResourceResponse.id: Option<Id2>"),
            Need::Field("cdn::ResourceResponse.status: Option<Status>"),
        ],
    },
    Example {
        file: example_file!("waap_custom_rule.rs"),
        needs: &[
            Need::Call("waap.domains.custom_rules.create(domain_id: i64, body: CustomRule) -> CustomRuleResponse"),
            Need::New("waap::CustomRule::new(CustomRuleRequired { name, enabled, action, conditions })"),
            Need::Field("waap::CustomRule.name: String"),
            Need::Field("waap::CustomRule.enabled: bool"),
            Need::Field("waap::CustomRule.action: CustomerRuleAction"),
            Need::Field("waap::CustomRule.conditions: Vec<CustomRuleCondition>"),
            Need::New("waap::CustomerRuleAction::new()"),
            Need::Field("waap::CustomerRuleAction.block: Option<RuleBlockAction>"),
            Need::New("waap::RuleBlockAction::new()"),
            Need::New("waap::CustomRuleCondition::new()"),
            Need::Field("waap::CustomRuleCondition.url: Option<UrlCondition>"),
            Need::New("waap::UrlCondition::new(url: String)"),
            Need::Field("waap::CustomRuleResponse.id: i64"),
            Need::Field("waap::CustomRuleResponse.name: String"),
        ],
    },
    Example {
        file: example_file!("fastedge_app.rs"),
        needs: &[
            Need::Call("fastedge.binaries.create(body: Vec<u8>) -> BinaryShort"),
            Need::Field("fastedge::BinaryShort.id: i64"),
            Need::Call("fastedge.apps.create().body(App) -> AppShort"),
            Need::New("fastedge::App::new()"),
            Need::Field("fastedge::App.name: Option<String>"),
            Need::Field("fastedge::App.binary: Option<i64>"),
            Need::Field("fastedge::AppShort.id: i64"),
            Need::Field("fastedge::AppShort.name: String"),
            Need::Field("fastedge::AppShort.binary: i64"),
            Need::Field("fastedge::AppShort.status: i64"),
        ],
    },
    Example {
        file: example_file!("streaming_upload.rs"),
        needs: &[
            Need::Call("streaming.videos.create().body(StreamingVideosCreateBody) -> Vec<VideoDetails>"),
            Need::New("streaming::StreamingVideosCreateBody::new()"),
            Need::Field("streaming::StreamingVideosCreateBody.video: Option<CreateVideo>"),
            Need::New("streaming::CreateVideo::new(name: String)"),
            Need::Field("streaming::CreateVideo.origin_url: Option<String>"),
            Need::Field("streaming::VideoDetails.id: Option<i64>"),
            Need::Field("streaming::VideoDetails.name: Option<String>"),
            Need::Field("streaming::VideoDetails.status: Option<VideoDetailsStatus>"),
            Need::Call("streaming.videos.get_parameters_for_direct_upload(video_id: i64) -> GetUrlAndTokenToUploadVideo"),
            Need::Field("streaming::GetUrlAndTokenToUploadVideo.token: Option<String>"),
            Need::Field("streaming::GetUrlAndTokenToUploadVideo.servers: Option<Vec<Map<String, Value>>>"),
        ],
    },
    Example {
        file: example_file!("storage_bucket_key.rs"),
        needs: &[
            Need::Call("storage.object_storages.buckets.create(storage_id: i64, body: BucketCreateBodyV4) -> BucketDetailResV4"),
            Need::New("storage::BucketCreateBodyV4::new(name: String)"),
            Need::Field("storage::BucketDetailResV4.name: String"),
            Need::Field("storage::BucketDetailResV4.storage_id: i64"),
            Need::Call("storage.object_storages.access_keys.create(storage_id: i64) -> AccessKeyCreateDataV4"),
            Need::Field("storage::AccessKeyCreateDataV4.access_key: String"),
            Need::Field("storage::AccessKeyCreateDataV4.created_at: DateTime"),
            Need::Field("storage::AccessKeyCreateDataV4.secret_key: String"),
        ],
    },
];

/// An example that ships, and the features of `gcore` it needs.
pub struct Shipped {
    pub example: &'static Example,
    pub features: BTreeSet<String>,
}

/// The examples whose every need the SDK of `apis` has.
pub fn shipped(apis: &[Api]) -> Vec<Shipped> {
    EXAMPLES
        .iter()
        .filter_map(|example| {
            let mut features = BTreeSet::new();
            for need in example.needs {
                features.extend(need.holds(apis)?);
            }
            Some(Shipped { example, features })
        })
        .collect()
}

impl Need {
    fn text(&self) -> &'static str {
        match self {
            Need::Call(text)
            | Need::Setter(text)
            | Need::Stream(text)
            | Need::Field(text)
            | Need::New(text)
            | Need::Variant(text)
            | Need::Alias(text)
            | Need::Helper(text) => text,
        }
    }

    /// The features of the groups this needs, if the SDK of `apis` has it.
    fn holds(&self, apis: &[Api]) -> Option<BTreeSet<String>> {
        let text = self.text();
        let (product, _) = text.split_once(['.', ':'])?;
        let api = apis.iter().find(|api| api.product.name == product)?;
        let structs = || {
            api.types.values().filter_map(|def| match &def.kind {
                TypeKind::Struct(s) => Some((def, s)),
                TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_) => None,
            })
        };
        let found = match self {
            Need::Call(_) => {
                // An example that sets no optional body does not name it.
                // Rendering a call's types is what costs: only a call of the same path is.
                let op = api.operations.iter().find(|op| {
                    text.starts_with(&format!("{}(", op.rust.dotted()))
                        && (render_call(api, op, true) == text || render_call(api, op, false) == text)
                })?;
                return Some(BTreeSet::from([op.feature.clone()]));
            }
            Need::Setter(_) => {
                let op = api.operations.iter().find(|op| {
                    op.params.iter().filter(|p| !is_argument(p)).any(|p| {
                        text.strip_prefix(&format!("{}.{}: ", op.rust.dotted(), p.ident))
                            .is_some_and(|ty| type_text(api, &p.ty) == ty)
                    })
                })?;
                return Some(BTreeSet::from([op.feature.clone()]));
            }
            Need::Stream(_) => {
                let op = api.operations.iter().find(|op| {
                    op.pagination.as_ref().is_some_and(|pagination| {
                        format!("{}().stream() -> {}", op.rust.dotted(), type_text(api, &pagination.item)) == text
                    })
                })?;
                return Some(BTreeSet::from([op.feature.clone()]));
            }
            Need::Helper(_) => {
                let shipped = helpers::shipped(api, &features(api))
                    .into_iter()
                    .find(|shipped| format!("{product}::{}", shipped.helper.module) == text)?;
                return Some(shipped.calls.into_iter().chain([shipped.home]).collect());
            }
            Need::Field(_) => structs().any(|(def, s)| {
                s.fields.iter().any(|field| {
                    text.strip_prefix(&format!("{product}::{}.{}: ", def.name, field.ident))
                        .is_some_and(|ty| field_type(api, def, field) == ty)
                })
            }),
            Need::New(_) => {
                structs().any(|(def, s)| render_new(api, def, s).is_some_and(|new| format!("{product}::{new}") == text))
            }
            Need::Variant(_) => api.types.values().any(|def| match &def.kind {
                TypeKind::Enum(e) => e
                    .values
                    .iter()
                    .any(|value| format!("{product}::{}::{}", def.name, value.variant) == text),
                TypeKind::Struct(_) | TypeKind::Alias(_) | TypeKind::Union(_) => false,
            }),
            Need::Alias(_) => api.types.values().any(|def| match &def.kind {
                TypeKind::Alias(target) => format!("{product}::{} = {}", def.name, type_text(api, target)) == text,
                TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_) => false,
            }),
        };
        // Types are in the crates of the groups whose calls use them.
        found.then(BTreeSet::new)
    }
}

/// `cloud.inference.deployments.get(deployment_name: String) -> InferenceDeployment`, and
/// with `optional_body` the setter of an optional body: `fastedge.apps.create().body(App)`.
fn render_call(api: &Api, op: &Operation, optional_body: bool) -> String {
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| is_argument(p))
        .map(|p| format!("{}: {}", p.ident, type_text(api, &p.ty)))
        .collect();
    let mut setter = String::new();
    match &op.body {
        Some(body) if body.required => args.push(format!("body: {}", type_text(api, &body.ty))),
        Some(body) if optional_body => setter = format!(".body({})", type_text(api, &body.ty)),
        Some(_) | None => {}
    }
    let returns = op.response.as_ref().map_or_else(|| "()".to_string(), |ty| type_text(api, ty));
    format!("{}({}){setter} -> {returns}", op.rust.dotted(), args.join(", "))
}

/// `InputZone::new(name: String)`, or `A::new(ARequired { b, c })`: the constructor of a
/// request type (`constructors.rs`), its one argument by the field's type (which `new` may
/// take as `impl Into<..>`).
fn render_new(api: &Api, def: &TypeDef, s: &Struct) -> Option<String> {
    if !def.usage.request {
        return None;
    }
    let required: Vec<_> = s.fields.iter().filter(|f| f.required).collect();
    let args = match (&s.required_struct, required.as_slice()) {
        (Some(name), _) => {
            let fields: Vec<&str> = required.iter().map(|f| f.ident.as_str()).collect();
            format!("{name} {{ {} }}", fields.join(", "))
        }
        (None, [one]) => format!("{}: {}", one.ident, field_type(api, def, one)),
        (None, _) => String::new(),
    };
    Some(format!("{}::new({args})", def.name))
}
