//! What a request builder offers beyond one request: every item of every page of a
//! paginated list (`stream()`, `collect_all()`), and waiting for the tasks a call starts
//! (`and_poll()`).

use proc_macro2::TokenStream;
use quote::quote;

use super::crates::Group;
use super::docs;
use super::models::{ident, type_tokens};
use super::resources::is_argument;
use crate::model::*;

/// Where `.and_poll()` finds the task poller (`helpers::task_poller`): this crate, or the
/// crate of another group, whose feature of this crate must then be on.
pub enum TaskPoller {
    Here,
    In(Group),
}

/// `stream()` for a paginated operation: every item of every page from this request's
/// `offset` on, a page fetched whenever the stream runs dry.
pub(super) fn stream_tokens(api: &Api, op: &Operation) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let item = type_tokens(api, &pagination.item);
    let offset = op
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.wire_name == "offset")?;
    let field = ident(&offset.ident);
    let (start, set) = if is_argument(offset) {
        (quote! { self.#field }, quote! { request.#field = offset; })
    } else {
        (quote! { self.#field.unwrap_or(0) }, quote! { request.#field = Some(offset); })
    };
    Some(quote! {
        /// Every item of every page, from this request's `offset` on; a page (of `limit`
        /// items, if set) is fetched whenever the stream runs dry. Ends after the last page
        /// or the first error.
        pub fn stream(self) -> impl crate::Stream<Item = Result<#item, crate::Error>> + Send + Unpin + 'static {
            let start = #start;
            crate::runtime::paginate(self, start, |mut request: Self, offset| {
                #set
                request.send()
            })
        }

        /// Every item of every page, from this request's `offset` on, in one `Vec`: the
        /// [`stream`](Self::stream) read to its end (or its first error).
        pub fn collect_all(self) -> BoxFuture<Result<Vec<#item>, crate::Error>> {
            crate::runtime::collect_all(self.stream())
        }
    })
}

/// `and_poll()` for a call that starts tasks: the request, then a wait for every task it
/// started, with the task poller of the product's tasks group.
pub(super) fn and_poll_tokens(op: &Operation, poller: &TaskPoller) -> Option<TokenStream> {
    let field = ident(op.starts_tasks.as_ref()?);
    let (poller, cfg, link) = match poller {
        TaskPoller::Here => (
            quote! { crate::helpers::AndPollRequest },
            None,
            "crate::helpers::AndPollRequest".to_string(),
        ),
        TaskPoller::In(group) => {
            let krate = group.crate_ident();
            let feature = &group.feature;
            let link = format!("{krate}::helpers::AndPollRequest");
            (
                quote! { ::#krate::helpers::AndPollRequest },
                Some(quote! { #[cfg(feature = #feature)] }),
                link,
            )
        }
    };
    let doc = docs::attrs(&[
        "Sends the request, then waits for every task it started to finish: `.await` it for the finished tasks.".into(),
        format!("Set the polling interval and budget on the [`AndPollRequest`]({link}) it returns."),
    ]);
    Some(quote! {
        #doc
        #cfg
        pub fn and_poll(self) -> #poller {
            let client = self.client.clone();
            #poller::new(client, Box::pin(async move { Ok(self.send().await?.#field) }))
        }
    })
}
