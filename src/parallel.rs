//! Accumulating the entries of one `resources` list on several threads.
//!
//! The entries of a kustomization's `resources` (resource files and bases)
//! are loaded independently of each other: each is read, parsed and, for a
//! directory, accumulated with everything below it, before being added to
//! its level in the order listed. That loading is what this module spreads
//! over threads; the adding stays in order on the calling thread, so the
//! result, the first error and the warnings are the ones a sequential build
//! gives.
//!
//! What the entries of one level share is kept exact:
//!
//! * warnings are collected per entry and appended in the order listed;
//! * the count of kustomizations loaded (a [`Limits`](crate::Limits) bound)
//!   is one counter for the whole build;
//! * the OpenAPI schema choice (Kustomize keeps it globally: the first
//!   `openapi` field met wins, and what ran before changes how a custom
//!   schema joins the built-in one) starts each entry from the level's state;
//!   the entries' effects are then composed in order. An entry that chooses a
//!   schema makes the later ones depend on it: the level is then redone
//!   sequentially (a rare case: `openapi` below the top kustomization).

use crate::build::{Accumulated, Ctx, Level};
use crate::error::Result;
use crate::load::{self, Entry};
use crate::patch::OpenApiState;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of threads an option asks for: 0 means one per core.
pub(crate) fn thread_count(option: usize) -> usize {
    match option {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// Stack size of worker threads: as deep as the main thread's usual 8 MiB,
/// since every stage recurses over documents up to `Limits::max_depth`.
const WORKER_STACK: usize = 16 << 20;

/// One loaded entry, as a worker returns it.
struct Loaded {
    entry: Result<Entry>,
    warnings: Vec<String>,
    openapi: OpenApiState,
}

/// [`load::accumulate_resources`] on up to `ctx.threads` threads (the
/// calling one included). Workers do not spawn threads of their own.
pub(crate) fn accumulate_resources(
    ctx: &mut Ctx,
    level: &Level,
    acc: &mut Accumulated,
    paths: &[&str],
) -> Result<()> {
    let loads_before = ctx.loads.load(Ordering::Relaxed);
    let start = ctx.openapi.clone();
    let loaded = load_all(ctx, level, paths, &start);

    let chose_schema = !start.set && loaded.iter().any(|l| l.openapi.set);
    if chose_schema {
        // Redo in order, so later entries see the schema chosen before them.
        drop(loaded);
        ctx.loads.store(loads_before, Ordering::Relaxed);
        let threads = std::mem::replace(&mut ctx.threads, 1);
        let result = load::accumulate_in_order(ctx, level, acc, paths);
        ctx.threads = threads;
        return result;
    }

    for l in loaded {
        ctx.warnings.get_mut().extend(l.warnings);
        ctx.openapi.follow(&l.openapi);
        load::add_entry(acc, l.entry?)?;
    }
    Ok(())
}

/// Load every entry of `paths` (up to the first that fails), spread over the
/// threads `ctx` allows, in the order listed.
fn load_all(ctx: &Ctx, level: &Level, paths: &[&str], start: &OpenApiState) -> Vec<Loaded> {
    let workers = ctx.threads.min(paths.len());
    run_indexed(ctx, paths.len(), workers, |w, index| {
        w.openapi = start.clone();
        let entry = load::load_entry(w, level, paths[index]);
        let failed = entry.is_err();
        let loaded = Loaded {
            entry,
            warnings: w.warnings.take(),
            openapi: std::mem::take(&mut w.openapi),
        };
        (loaded, failed)
    })
}

/// Run `f` on every index below `n`, on `workers` threads (the calling one
/// included), each with its own worker context; results in index order.
/// `f` also says whether the index failed: indexes after the first failure
/// are not run (the ones before it all are).
fn run_indexed<R, F>(ctx: &Ctx, n: usize, workers: usize, f: F) -> Vec<R>
where
    R: Send,
    F: Fn(&mut Ctx, usize) -> (R, bool) + Sync,
{
    let next = AtomicUsize::new(0);
    let failed = AtomicUsize::new(usize::MAX);
    let work = |mut w: Ctx| {
        let mut out = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= n || index > failed.load(Ordering::Relaxed) {
                return out;
            }
            let (r, bad) = f(&mut w, index);
            if bad {
                failed.fetch_min(index, Ordering::Relaxed);
            }
            out.push((index, r));
        }
    };
    let work = &work;
    let mut all = std::thread::scope(|s| {
        let handles: Vec<_> = (1..workers)
            .filter_map(|_| {
                let w = ctx.worker();
                // A thread that cannot be started leaves its share to the others.
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(s, move || work(w))
                    .ok()
            })
            .collect();
        let mut all = work(ctx.worker());
        for h in handles {
            match h.join() {
                Ok(more) => all.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// Fewest items worth handing to another thread in [`map_in_order`]: below
/// this, starting a thread costs more than it saves.
const MIN_ITEMS_TO_SPLIT: usize = 16;

/// `items.iter().map(|it| f(ctx, it)).collect::<Result<Vec<_>>>()`, on up to
/// `ctx.threads` threads when there are enough items: the results come back
/// in the items' order and the error returned is that of the first failing
/// item, as sequentially. `f` gets a worker context; it must not depend on
/// what other items did (it reads files and parses, it does not accumulate).
pub(crate) fn map_in_order<T, R, F>(ctx: &Ctx, items: &[T], f: F) -> Result<Vec<R>>
where
    T: Sync,
    R: Send,
    F: Fn(&Ctx, &T) -> Result<R> + Sync,
{
    let workers = ctx.threads.min(items.len() / MIN_ITEMS_TO_SPLIT).max(1);
    if workers == 1 {
        return items.iter().map(|it| f(ctx, it)).collect();
    }
    run_indexed(ctx, items.len(), workers, |w, index| {
        let r = f(w, &items[index]);
        let bad = r.is_err();
        (r, bad)
    })
    .into_iter()
    .collect()
}

/// Fewest items worth a thread of their own in [`each_mut`]: a
/// transformer's pass over a few hundred resources takes well under a
/// millisecond, less than starting a thread is worth.
const MIN_ITEMS_PER_THREAD: usize = 512;

/// `for (i, item) in items.iter_mut().enumerate() { f(i, item)? }`, with the items cut into consecutive
/// runs on up to `threads` threads when there are many. The error returned
/// is that of the first failing item in order, as sequentially; items after
/// it may have been processed too (the build fails with that error, so
/// nothing sees them). `f` must not depend on what it did to other items.
pub(crate) fn each_mut<T, E, F>(items: &mut [T], threads: usize, f: F) -> std::result::Result<(), E>
where
    T: Send,
    E: Send,
    F: Fn(usize, &mut T) -> std::result::Result<(), E> + Sync,
{
    let workers = threads.min(items.len() / MIN_ITEMS_PER_THREAD).max(1);
    let size = items.len().div_ceil(workers).max(1);
    let mut runs = items.chunks_mut(size).enumerate();
    let run = |(n, run): (usize, &mut [T])| {
        let mut items = run.iter_mut().enumerate();
        items.try_for_each(|(i, item)| f(n * size + i, item))
    };
    let Some(head) = runs.next() else {
        return Ok(());
    };
    let (first, rest) = others_on_threads(runs.collect(), &run, || run(head));
    // The first failing run holds the first failing item.
    rest.into_iter().fold(first, |acc, r| acc.and(r))
}

/// Run `head` here while `f` runs on each of `others`, one thread each;
/// the results come back in order. An item no thread could be started for
/// is run here afterwards. This is how a large job cut into consecutive
/// parts runs: the first part on the calling thread (which may write its
/// result as it goes), the others beside it.
pub(crate) fn others_on_threads<T, R, H>(
    others: Vec<T>,
    f: &(impl Fn(T) -> R + Sync),
    head: impl FnOnce() -> H,
) -> (H, Vec<R>)
where
    T: Send,
    R: Send,
{
    // Each item waits in a slot for its thread (or for this one).
    let slots: Vec<_> = others
        .into_iter()
        .map(|t| std::sync::Mutex::new(Some(t)))
        .collect();
    let run = |slot: &std::sync::Mutex<Option<T>>| {
        let taken = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
        taken.map(f)
    };
    let run = &run;
    std::thread::scope(|s| {
        let handles: Vec<_> = slots
            .iter()
            .map(|slot| {
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(s, move || run(slot))
                    .map_err(|_| slot)
            })
            .collect();
        let first = head();
        let rest = handles
            .into_iter()
            .filter_map(|h| match h {
                Ok(handle) => match handle.join() {
                    Ok(r) => r,
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                Err(slot) => run(slot),
            })
            .collect();
        (first, rest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items failing at `bad` positions: the error is the first in order,
    /// every item before it was visited, whatever the threads.
    #[test]
    fn each_mut_returns_the_first_error_in_order() {
        for threads in [1, 2, 3, 8] {
            for bad in [
                vec![],
                vec![1500],
                vec![700, 1500],
                vec![3, 2000],
                vec![2047],
            ] {
                let mut items = vec![0u32; 2048];
                let r = each_mut(&mut items, threads, |i, x| {
                    *x += 1;
                    if bad.contains(&i) { Err(i) } else { Ok(()) }
                });
                assert_eq!(
                    r,
                    bad.first().map_or(Ok(()), |&i| Err(i)),
                    "{threads} {bad:?}"
                );
                let upto = bad.first().copied().unwrap_or(items.len() - 1);
                assert!(items[..=upto].iter().all(|&x| x == 1), "{threads} {bad:?}");
                assert!(items.iter().all(|&x| x <= 1));
            }
        }
    }
}
