//! Work on a background thread: the window starts a [`Job`], polls it each frame and never
//! waits for it; a job can be cancelled between steps, and a panic in it comes back as a
//! failure. What the work is (reading, analysing, planning) is the caller's: see
//! [`super::compute`].

use crate::Lang;
use crate::findings::Finding;
use crate::ingest::{self, TableKind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reading a table; the rows read so far, and of how many when the sheet says.
    Reading(TableKind, Option<(usize, Option<usize>)>),
    /// Reading a folder of returned forms: files read, of how many.
    ReadingFiles(usize, usize),
    Analysing,
    Planning,
    /// Computing the scenarios beside the current rules.
    Scenarios,
    /// Building the charts of a result whose tables are shown.
    Charting,
}

impl Step {
    pub fn label(self, lang: Lang) -> String {
        let n = |x: usize| crate::charts::fmt_num(Some(x as f64), 0);
        match (self, lang) {
            (Step::Reading(kind, None), Lang::Zh) => format!("正在读取{}", kind.label(lang)),
            (Step::Reading(kind, None), Lang::En) => format!("Reading the {}", kind.label(lang)),
            (Step::Reading(kind, Some((rows, Some(of)))), Lang::Zh) => {
                format!("正在读取{}：第 {} 行，共约 {} 行", kind.label(lang), n(rows), n(of))
            }
            (Step::Reading(kind, Some((rows, None))), Lang::Zh) => {
                format!("正在读取{}：第 {} 行", kind.label(lang), n(rows))
            }
            (Step::Reading(kind, Some((rows, Some(of)))), Lang::En) => {
                format!("Reading the {}: row {} of about {}", kind.label(lang), n(rows), n(of))
            }
            (Step::Reading(kind, Some((rows, None))), Lang::En) => {
                format!("Reading the {}: row {}", kind.label(lang), n(rows))
            }
            (Step::Analysing, Lang::Zh) => "正在计算指标".to_owned(),
            (Step::Analysing, Lang::En) => "Computing indicators".to_owned(),
            (Step::Planning, Lang::Zh) => "正在测算调整方案".to_owned(),
            (Step::Planning, Lang::En) => "Planning the reallocation".to_owned(),
            (Step::ReadingFiles(n_done, total), Lang::Zh) => {
                format!("正在读取回收的调查表：{} / {} 个文件", n(n_done), n(total))
            }
            (Step::ReadingFiles(n_done, total), Lang::En) => {
                format!("Reading the returned forms: {} of {} files", n(n_done), n(total))
            }
            (Step::Scenarios, Lang::Zh) => "正在测算各方案".to_owned(),
            (Step::Scenarios, Lang::En) => "Computing the scenarios".to_owned(),
            (Step::Charting, Lang::Zh) => "正在绘制图表".to_owned(),
            (Step::Charting, Lang::En) => "Drawing the charts".to_owned(),
        }
    }
}

/// Why a job produced nothing.
#[derive(Debug, Clone)]
pub enum Failure {
    Cancelled,
    /// A bug: the job panicked. The detail (message and place) is for a support request.
    Panicked {
        detail: String,
    },
    /// A file could not be used, or the analysis failed: the findings say why.
    Failed {
        findings: Vec<Finding>,
        zh: String,
        en: String,
    },
    /// A file lacks a field the person can point to (no unit column, two columns that could
    /// be the staff count): its columns, for the mapping view to offer.
    NeedsMapping {
        kind: TableKind,
        columns: Vec<ingest::SourceColumn>,
        finding: Finding,
    },
}

impl Failure {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Failure::Cancelled, _) => super::i18n::tr(super::i18n::T::Cancelled, lang).to_owned(),
            (Failure::Panicked { detail }, Lang::Zh) => format!("程序内部错误，计算已中止（详情已写入日志）：{detail}"),
            (Failure::Panicked { detail }, Lang::En) => {
                format!("An internal error stopped the computation (the detail is in the log): {detail}")
            }
            (Failure::Failed { zh, .. }, Lang::Zh) => zh.clone(),
            (Failure::Failed { en, .. }, Lang::En) => en.clone(),
            (Failure::NeedsMapping { finding, .. }, lang) => super::i18n::for_the_window(&finding.line(lang)),
        }
    }
}

pub enum Message<T> {
    Progress(Step),
    Done(Box<Result<T, Failure>>),
}

/// A running job, polled by the window.
pub struct Job<T> {
    rx: Receiver<Message<T>>,
    cancel: Arc<AtomicBool>,
    /// Set when the result is sent: it waits for the next poll.
    finished: Arc<AtomicBool>,
    step: Step,
}

/// What a poll found.
pub enum Poll<T> {
    Running(Step),
    Finished(Box<Result<T, Failure>>),
}

impl<T: Send + 'static> Job<T> {
    /// Run `work` on its own thread; it tells its steps through the sender, and `repaint` (the
    /// window's context) is woken at each. A panic in it is caught, logged and handed back as
    /// [`Failure::Panicked`]: a bug in the engine must not take the window down.
    pub fn spawn_work<F>(first: Step, repaint: Option<egui::Context>, work: F) -> Job<T>
    where
        F: FnOnce(&AtomicBool, &Sender<Message<T>>, Option<&egui::Context>) -> Result<T, Failure> + Send + 'static,
    {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let finished = Arc::new(AtomicBool::new(false));
        let done = Arc::clone(&finished);
        let spawned = std::thread::Builder::new().name("satlas-job".into()).spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                // Here, not on the window's thread: lowering the pools waits for each of
                // their threads.
                super::background::lower_this_thread();
                super::background::lower_pools();
                work(&flag, &tx, repaint.as_ref())
            }))
            .unwrap_or_else(|payload| {
                let detail = crate::findings::panic_text(payload.as_ref());
                tracing::error!("background job panicked: {detail}");
                Err(Failure::Panicked { detail })
            });
            let _ = tx.send(Message::Done(Box::new(result)));
            done.store(true, Ordering::Release);
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        });
        if let Err(e) = spawned {
            // No thread: the job ends at once, and the poll says why.
            tracing::error!("could not start a background thread: {e}");
        }
        Job {
            rx,
            cancel,
            finished,
            step: first,
        }
    }

    /// Ask the job to stop at its next step.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Whether the result has been sent and waits for the next [`Job::poll`].
    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Acquire)
    }

    /// Take every message that has arrived, without waiting.
    pub fn poll(&mut self) -> Poll<T> {
        loop {
            match self.rx.try_recv() {
                Ok(Message::Progress(step)) => self.step = step,
                Ok(Message::Done(result)) => return Poll::Finished(result),
                Err(TryRecvError::Empty) => return Poll::Running(self.step),
                Err(TryRecvError::Disconnected) => {
                    return Poll::Finished(Box::new(Err(Failure::Failed {
                        findings: Vec::new(),
                        zh: "后台计算意外中止。".to_owned(),
                        en: "The background computation stopped unexpectedly.".to_owned(),
                    })));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The job's result; a job still running after a minute fails the test, not hangs it.
    fn finished<T: Send + 'static>(mut job: Job<T>) -> Result<T, Failure> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            if let Poll::Finished(result) = job.poll() {
                return *result;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the job did not finish within a minute"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

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
        let job = Job::spawn_work(Step::Analysing, None, |_, _, _| {
            let own = priority_here();
            let polars = polars_core::runtime::THREAD_POOL.broadcast(|_| priority_here());
            let rayon = rayon::broadcast(|_| priority_here());
            Ok((own, polars, rayon))
        });
        let (own, polars, rayon) = finished(job).expect("the job ran");
        let all: Vec<_> = std::iter::once(own).chain(polars).chain(rayon).collect();
        assert!(
            all.len() >= 3,
            "the job's thread and at least one of each pool: {all:?}"
        );
        for priority in all {
            assert_ne!(priority, window, "a background thread at the window's priority");
        }
    }

    #[test]
    fn a_panic_in_a_job_comes_back_as_a_failure() {
        let job: Job<()> = Job::spawn_work(Step::Analysing, None, |_, _, _| {
            let empty: Vec<u32> = Vec::new();
            let _ = empty[3];
            unreachable!()
        });
        match finished(job) {
            Err(Failure::Panicked { detail }) => assert!(detail.contains("index out of bounds"), "{detail}"),
            _ => panic!("expected a caught panic"),
        }
        let message = Failure::Panicked { detail: "x".into() }.message(Lang::Zh);
        assert!(message.contains("程序内部错误"));
    }

    /// A survey workbook of a million rows: reading tells the rows read as it goes (the job
    /// forwards each count to the window), and a watch that says stop ends the read where it
    /// is. The watch decides when, so the test does not race the reader.
    #[test]
    fn a_million_row_workbook_reports_its_rows_and_stops_when_told() {
        const ROWS: u32 = 1_000_000;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("调查 一百万行.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet_with_constant_memory().unwrap();
        for (c, h) in ["单位名称", "姓名", "年工作时长（小时）"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..=ROWS {
            sheet.write_string(r, 0, format!("单位{}", r / 330)).unwrap();
            sheet.write_string(r, 1, format!("人{}", r / 10)).unwrap();
            sheet.write_number(r, 2, 12.5).unwrap();
        }
        book.save(&path).unwrap();

        let seen = std::sync::Mutex::new(Vec::new());
        let watch = |rows: usize, of: Option<usize>| {
            assert_eq!(of, Some(ROWS as usize + 1));
            seen.lock().unwrap().push(rows);
            rows < 100_000
        };
        let result = ingest::load_watched(&path, TableKind::Survey, &Default::default(), &watch);
        let seen = seen.into_inner().unwrap();
        assert!(seen.len() >= 2, "rows read were told as reading went on: {seen:?}");
        assert!(
            matches!(&result, Err(e) if e.0.code == "cancelled"),
            "a stopped read, not a finished one"
        );
        let last = *seen.last().unwrap();
        assert!(
            (100_000..ROWS as usize).contains(&last),
            "the read stopped at the first count past 100,000, not at the end: {last}"
        );
        let label = Step::Reading(TableKind::Survey, Some((last, Some(ROWS as usize + 1)))).label(Lang::Zh);
        assert!(label.contains("共约 1,000,001 行"), "{label}");
    }
}
