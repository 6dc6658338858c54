//! Work in the background runs below the window: on a two-core office desktop, a frame drawn
//! while the figures are made again must not wait behind them (a dragged threshold stays
//! smooth). The cost: the work also gives way to other busy programs, and takes what they and
//! the window leave.
//!
//! Not lowered: polars' streaming threads, which it makes for some group-bys. On Linux they
//! are born lowered (a thread takes the nice value of the thread that makes it, here a job's);
//! on Windows they keep the normal priority.

use std::sync::Once;
use thread_priority::ThreadPriority;

/// The current thread below the window: the lowest priority the system gives a normal thread
/// (THREAD_PRIORITY_LOWEST on Windows, nice 19 on Linux, the lowest scheduling priority on
/// macOS), never idle-only. Where the system refuses, it stays as it was: only smoothness is
/// lost, never a figure, so it is logged.
pub fn lower_this_thread() {
    if let Err(e) = ThreadPriority::Min.set_for_current() {
        tracing::debug!("a background thread keeps its priority: {e:?}");
    }
}

/// The engine's thread pools (polars' and rayon's) below the window, once.
pub fn lower_pools() {
    static LOWERED: Once = Once::new();
    LOWERED.call_once(|| {
        polars_core::runtime::THREAD_POOL.broadcast(|_| lower_this_thread());
        rayon::broadcast(|_| lower_this_thread());
    });
}
