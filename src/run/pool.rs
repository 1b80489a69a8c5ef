//! The executor: runs a plan's jobs on a small pool of threads (the network client is
//! blocking), at most `jobs` at once. A job starts once every job it waits for has ended
//! well; one whose dependency failed is skipped, and `bail` stops starting new jobs after
//! the first failure (those left are not run); so does a `done` that says stop (the
//! output went away). Jobs are prepared on the calling thread, in file order among those
//! ready (preparing reads the answers chained values come from), and every end is handed
//! back there, in the order jobs end. Each thread has a state of its own for its jobs
//! (the connections it keeps alive). With one job at a time, jobs run on the calling
//! thread itself: handing each to a worker and back costs two wake-ups a job.
//!
//! Guarantees: every job ends exactly once (ran, skipped or not run); a dependency that
//! never ends (a cycle) cannot happen, since plans are checked for cycles first, and it
//! would be reported as not run rather than hang; no thread outlives [`execute`].

use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};

/// How a job ended.
#[derive(Debug)]
pub enum End<T> {
    /// It was prepared and run (or failed while being prepared): its outcome.
    Ran(T),
    /// A job it waits for failed or was not run: that job's index.
    Skipped(usize),
    /// `bail` stopped the run before it started.
    NotRun,
}

/// What to run, and how.
pub struct Pool<'a> {
    /// For each job, the jobs it waits for.
    pub deps: &'a [Vec<usize>],
    /// Threads: at most this many jobs at once (1 or more).
    pub jobs: usize,
    /// Start nothing new after the first failure.
    pub bail: bool,
}

/// Runs every job: `prepare` (on this thread) turns a job into work, or into its outcome
/// when it cannot be sent; `work` runs on the pool, with its thread's own state (kept
/// connections), made with `S::default()` as the thread starts; `failed` says whether an
/// outcome failed; `done` is told each end as it happens, and answers whether to go on
/// (false: start nothing more, as `bail` does: the output went away).
pub fn execute<W, T, S: Default>(
    pool: &Pool,
    mut prepare: impl FnMut(usize) -> Result<W, T>,
    work: impl Fn(&mut S, W) -> T + Sync,
    failed: impl Fn(&T) -> bool,
    mut done: impl FnMut(usize, End<T>) -> bool,
) where
    W: Send,
    T: Send,
{
    let count = pool.deps.len();
    let mut ended: Vec<Option<bool>> = vec![None; count];
    let mut started = vec![false; count];
    let mut running = 0usize;
    let mut low = 0usize;
    let mut stopping = false;
    let (work_tx, work_rx) = mpsc::channel::<(usize, W)>();
    let (end_tx, end_rx) = mpsc::channel::<(usize, T)>();
    let work_rx = Arc::new(Mutex::new(work_rx));
    let threads = pool.jobs.clamp(1, count.max(1));
    // One at a time runs on this thread: no hand-over to a worker and back per job.
    let mut inline = (threads == 1).then(S::default);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            if inline.is_some() {
                break;
            }
            let work_rx = Arc::clone(&work_rx);
            let end_tx = end_tx.clone();
            let work = &work;
            scope.spawn(move || {
                let mut state = S::default();
                loop {
                    // The lock is held only to take the next job.
                    let next = work_rx
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .recv();
                    let Ok((index, job)) = next else { break };
                    if end_tx.send((index, work(&mut state, job))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(end_tx);
        let mut finish = |index: usize, end: End<T>, ok: bool, ended: &mut Vec<Option<bool>>| {
            ended[index] = Some(ok);
            done(index, end)
        };
        loop {
            // Skip what waits for a failure; start what is ready, in file order.
            let mut progressed = true;
            while progressed {
                progressed = false;
                // Everything before `low` has started or ended: not looked at again.
                while low < count && (started[low] || ended[low].is_some()) {
                    low += 1;
                }
                for i in low..count {
                    if started[i] || ended[i].is_some() {
                        continue;
                    }
                    if let Some(&bad) = pool.deps[i].iter().find(|&&d| ended[d] == Some(false)) {
                        started[i] = true;
                        stopping |= !finish(i, End::Skipped(bad), false, &mut ended);
                        progressed = true;
                        continue;
                    }
                    let ready = pool.deps[i].iter().all(|&d| ended[d] == Some(true));
                    if !ready || stopping || running >= threads {
                        continue;
                    }
                    started[i] = true;
                    let prepared = match (prepare(i), &mut inline) {
                        (Ok(job), Some(state)) => Err(work(state, job)),
                        (prepared, _) => prepared,
                    };
                    match prepared {
                        Ok(job) => {
                            running += 1;
                            if work_tx.send((i, job)).is_err() {
                                // No worker is left to run it (they cannot go away
                                // before the sender does): said as not run.
                                running -= 1;
                                stopping |= !finish(i, End::NotRun, false, &mut ended);
                            }
                        }
                        Err(outcome) => {
                            let ok = !failed(&outcome);
                            stopping |= pool.bail && !ok;
                            stopping |= !finish(i, End::Ran(outcome), ok, &mut ended);
                            progressed = true;
                        }
                    }
                }
            }
            if running == 0 {
                break;
            }
            let Ok((index, outcome)) = end_rx.recv() else {
                break;
            };
            running -= 1;
            let ok = !failed(&outcome);
            stopping |= pool.bail && !ok;
            stopping |= !finish(index, End::Ran(outcome), ok, &mut ended);
        }
        drop(work_tx);
        // Whatever never started: stopped by --bail (or waiting on something that could
        // not end).
        for i in 0..count {
            if ended[i].is_none() {
                let _ = finish(i, End::NotRun, false, &mut ended);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn ends(deps: &[Vec<usize>], jobs: usize, bail: bool, fail: &[usize]) -> Vec<String> {
        let mut seen = vec![String::new(); deps.len()];
        execute(
            &Pool { deps, jobs, bail },
            Ok::<usize, bool>,
            |_: &mut (), i| fail.contains(&i),
            |failed| *failed,
            |i, end| {
                seen[i] = match end {
                    End::Ran(f) => if f { "failed" } else { "ok" }.to_string(),
                    End::Skipped(d) => format!("skipped {d}"),
                    End::NotRun => "not run".to_string(),
                };
                true
            },
        );
        seen
    }

    #[test]
    fn every_job_ends_once_and_failures_skip_their_dependents() {
        let deps = vec![vec![], vec![0], vec![1], vec![]];
        assert_eq!(ends(&deps, 3, false, &[]), ["ok", "ok", "ok", "ok"]);
        assert_eq!(
            ends(&deps, 3, false, &[0]),
            ["failed", "skipped 0", "skipped 1", "ok"]
        );
    }

    #[test]
    fn bail_stops_starting_jobs() {
        let deps = vec![vec![], vec![], vec![], vec![]];
        assert_eq!(
            ends(&deps, 1, true, &[1]),
            ["ok", "failed", "not run", "not run"]
        );
    }

    #[test]
    fn no_more_than_jobs_run_at_once() {
        let now = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let deps = vec![vec![]; 12];
        execute(
            &Pool {
                deps: &deps,
                jobs: 3,
                bail: false,
            },
            Ok::<usize, ()>,
            |_: &mut (), _| {
                let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(n, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(5));
                now.fetch_sub(1, Ordering::SeqCst);
            },
            |_| false,
            |_, _| true,
        );
        let most = most.load(Ordering::SeqCst);
        assert!((1..=3).contains(&most), "{most}");
    }
}
