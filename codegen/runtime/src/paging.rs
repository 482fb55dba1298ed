//! Offset pagination: list operations that take `limit`/`offset` and return
//! `{count, results}` get a `stream()` of all items, fetching pages as the stream is read.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;

use futures_util::stream::{self, Stream};

use super::error::Error;

/// One page of a paginated list.
pub trait Page {
    type Item;

    /// How many items the whole list has, as the API counts them.
    fn total(&self) -> Option<i64>;

    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Fetches pages from `start` on: `fetch(request, offset)` gets one page. Ends after the
/// page that reaches `count`, on an empty page, or after the first error (which it yields).
#[allow(dead_code)] // used only when the spec has a paginated operation
pub(crate) fn paginate<R, P, F, Fut>(
    request: R,
    start: i64,
    fetch: F,
) -> impl Stream<Item = Result<P::Item, Error>> + Send + 'static
where
    R: Clone + Send + 'static,
    P: Page + Send + 'static,
    P::Item: Send + 'static,
    F: Fn(R, i64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<P, Error>> + Send + 'static,
{
    struct State<R, F, I> {
        request: R,
        fetch: Arc<F>,
        offset: i64,
        buffer: VecDeque<I>,
        done: bool,
    }
    let state = State {
        request,
        fetch: Arc::new(fetch),
        offset: start,
        buffer: VecDeque::new(),
        done: false,
    };
    stream::try_unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Ok(Some((item, state)));
            }
            if state.done {
                return Ok(None);
            }
            let page = (state.fetch)(state.request.clone(), state.offset).await?;
            let total = page.total();
            let items = page.into_items();
            state.offset += items.len() as i64;
            state.done = items.is_empty() || total.is_some_and(|total| state.offset >= total);
            state.buffer.extend(items);
        }
    })
}
