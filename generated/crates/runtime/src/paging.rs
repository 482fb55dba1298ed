// @generated: copied verbatim by codegen from codegen/runtime/src/paging.rs.
// Do not edit here: edit that file, then run `cargo run -p codegen`.

//! Offset pagination: list operations that take `limit`/`offset` and return
//! `{count, results}` get a `stream()` of all items, fetching pages as the stream is read.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;

use futures_util::stream::{self, Stream, TryStreamExt};

use super::error::Error;
use super::request::BoxFuture;

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
/// Boxed, so that it is `Unpin`: `.try_next()` works on it without pinning it first.
#[allow(dead_code)] // used only when the spec has a paginated operation
pub fn paginate<R, P, F, Fut>(
    request: R,
    start: i64,
    fetch: F,
) -> impl Stream<Item = Result<P::Item, Error>> + Send + Unpin + 'static
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
    Box::pin(stream::try_unfold(state, |mut state| async move {
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
    }))
}

/// Every item of a paginated stream, collected (`collect_all()` of a list request).
#[allow(dead_code)] // used only when the spec has a paginated operation
pub fn collect_all<T: Send + 'static>(
    items: impl Stream<Item = Result<T, Error>> + Send + 'static,
) -> BoxFuture<Result<Vec<T>, Error>> {
    Box::pin(items.try_collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::{FutureExt, StreamExt};

    struct Page_ {
        total: Option<i64>,
        items: Vec<i64>,
    }

    impl Page for Page_ {
        type Item = i64;
        fn total(&self) -> Option<i64> {
            self.total
        }
        fn into_items(self) -> Vec<i64> {
            self.items
        }
    }

    /// Every item of a list of `len` served `per_page` at a time; the fetches are ready at
    /// once, so no runtime is needed to drive the stream.
    fn drain(len: i64, per_page: i64, total: Option<i64>, start: i64) -> (Vec<i64>, usize) {
        let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = calls.clone();
        let stream = paginate((), start, move |(), offset| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let items = (offset..len.min(offset + per_page)).collect();
            std::future::ready(Ok::<_, Error>(Page_ { total, items }))
        });
        let items = stream
            .map(|item| item.expect("no errors"))
            .collect::<Vec<_>>()
            .now_or_never()
            .expect("ready");
        (items, calls.load(std::sync::atomic::Ordering::SeqCst))
    }

    #[test]
    fn stops_at_the_count_without_an_extra_request() {
        assert_eq!(drain(5, 2, Some(5), 0), (vec![0, 1, 2, 3, 4], 3));
        assert_eq!(drain(4, 2, Some(4), 0), (vec![0, 1, 2, 3], 2));
        assert_eq!(drain(5, 2, Some(5), 3), (vec![3, 4], 1));
    }

    #[test]
    fn without_a_count_stops_at_the_first_empty_page() {
        assert_eq!(drain(3, 2, None, 0), (vec![0, 1, 2], 3));
        assert_eq!(drain(0, 2, Some(0), 0), (vec![], 1));
    }

    #[test]
    fn a_count_that_lies_cannot_loop_forever() {
        // The server says 10 but has 3: the empty page ends it.
        assert_eq!(drain(3, 2, Some(10), 0), (vec![0, 1, 2], 3));
    }
}
