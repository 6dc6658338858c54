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
/// macOS), never idle-only. Where the system
/// refuses, it stays as it was: only smoothness is lost, never a figure, so it is logged.
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

#[cfg(test)]
mod tests {
    use crate::gui::jobs::{Job, Poll, Step};

    /// The running thread's priority as the system keeps it: on Linux its nice value (a
    /// normal thread's static priority there is always 0), elsewhere what the system says.
    fn priority_here() -> String {
        #[cfg(target_os = "linux")]
        {
            // Field 19 of the thread's stat, the 17th after the name's closing parenthesis.
            let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("the thread's stat");
            let after_name = &stat[stat.rfind(')').expect("a name in parentheses") + 1..];
            after_name.split_whitespace().nth(16).expect("a nice value").to_owned()
        }
        #[cfg(not(target_os = "linux"))]
        {
            format!(
                "{:?}",
                thread_priority::get_current_thread_priority().expect("a priority")
            )
        }
    }

    /// A job's own thread, and the polars and rayon threads it hands work to, run below the
    /// thread that started it (the window's).
    #[test]
    fn a_job_and_the_pools_it_uses_run_below_the_window() {
        let window = priority_here();
        // The pools made here, at this thread's priority, if no test has made them yet (a
        // thread made by a lowered one is born lowered).
        polars_core::runtime::THREAD_POOL.broadcast(|_| ());
        rayon::broadcast(|_| ());
        let mut job = Job::spawn_work(Step::Analysing, None, |_, _, _| {
            let own = priority_here();
            let polars = polars_core::runtime::THREAD_POOL.broadcast(|_| priority_here());
            let rayon = rayon::broadcast(|_| priority_here());
            Ok((own, polars, rayon))
        });
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let (own, polars, rayon) = loop {
            if let Poll::Finished(result) = job.poll() {
                break (*result).expect("the job ran");
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the job did not finish within a minute"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        let all: Vec<_> = std::iter::once(own).chain(polars).chain(rayon).collect();
        assert!(
            all.len() >= 3,
            "the job's thread and at least one of each pool: {all:?}"
        );
        for priority in all {
            assert_ne!(priority, window, "a background thread at the window's priority");
        }
    }
}
