//! Loading, analysis and the plan on a background thread. The window sends a [`Request`],
//! polls the [`Job`] each frame and never waits for it; a job can be cancelled between steps.

use super::app::Loaded;
use crate::analysis::{self, Analysis};
use crate::findings::Finding;
use crate::ingest::{self, Inputs, TableKind};
use crate::plan::{self, Plan, PlanError};
use crate::project::Sources;
use crate::{Lang, Params};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

/// What to compute: from files, or again from inputs already read (a parameter change).
pub struct Request {
    pub sources: Sources,
    /// Inputs read by an earlier job; when present the files are not read again.
    pub inputs: Option<Arc<Inputs>>,
    pub params: Params,
    /// The language the views will be drawn in (charts are built with the result).
    pub lang: Lang,
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Reading(TableKind),
    Analysing,
    Planning,
}

impl Step {
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Step::Reading(kind), Lang::Zh) => format!("正在读取{}", kind.label(lang)),
            (Step::Reading(kind), Lang::En) => format!("Reading the {}", kind.label(lang)),
            (Step::Analysing, Lang::Zh) => "正在计算指标".to_owned(),
            (Step::Analysing, Lang::En) => "Computing indicators".to_owned(),
            (Step::Planning, Lang::Zh) => "正在测算调整方案".to_owned(),
            (Step::Planning, Lang::En) => "Planning the reallocation".to_owned(),
        }
    }
}

/// Everything a finished job hands back.
pub struct Outcome {
    /// The files with the choices they were read with.
    pub sources: Sources,
    pub inputs: Arc<Inputs>,
    pub params: Params,
    pub analysis: Analysis,
    /// The plan, or why there is none (the analysis still stands without it).
    pub plan: Result<Plan, PlanError>,
    /// Findings of the inputs, the analysis and the plan, in that order.
    pub findings: Vec<Finding>,
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
        }
    }
}

enum Message {
    Progress(Step),
    Done(Box<Result<Loaded, Failure>>),
}

/// A running job, polled by the window.
pub struct Job {
    rx: Receiver<Message>,
    cancel: Arc<AtomicBool>,
    step: Step,
}

/// What a poll found.
pub enum Poll {
    Running(Step),
    Finished(Box<Result<Loaded, Failure>>),
}

impl Job {
    /// Start `request` on its own thread; `repaint` (the window's context) is woken at each step.
    pub fn spawn(request: Request, repaint: Option<egui::Context>) -> Job {
        let first = if request.inputs.is_some() {
            Step::Analysing
        } else {
            Step::Reading(TableKind::Staffing)
        };
        let lang = request.lang;
        Job::spawn_work(first, repaint, move |cancel, tx, repaint| {
            run(request, cancel, tx, repaint).map(|outcome| Loaded::new(outcome, lang))
        })
    }

    /// Run `work` on its own thread. A panic in it is caught, logged and handed back as
    /// [`Failure::Panicked`]: a bug in the engine must not take the window down.
    fn spawn_work<F>(first: Step, repaint: Option<egui::Context>, work: F) -> Job
    where
        F: FnOnce(&AtomicBool, &Sender<Message>, Option<&egui::Context>) -> Result<Loaded, Failure> + Send + 'static,
    {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new().name("satlas-job".into()).spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&flag, &tx, repaint.as_ref())))
                .unwrap_or_else(|payload| {
                    let detail = super::log::panic_text(payload.as_ref());
                    tracing::error!("background job panicked: {detail}");
                    Err(Failure::Panicked { detail })
                });
            let _ = tx.send(Message::Done(Box::new(result)));
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

    /// Take every message that has arrived, without waiting.
    pub fn poll(&mut self) -> Poll {
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

fn run(
    request: Request,
    cancel: &AtomicBool,
    tx: &Sender<Message>,
    repaint: Option<&egui::Context>,
) -> Result<Outcome, Failure> {
    let step = |s: Step| -> Result<(), Failure> {
        if cancel.load(Ordering::Relaxed) {
            return Err(Failure::Cancelled);
        }
        let _ = tx.send(Message::Progress(s));
        if let Some(ctx) = repaint {
            ctx.request_repaint();
        }
        Ok(())
    };
    let Request {
        sources,
        inputs,
        params,
        ..
    } = request;
    if let Err(e) = params.validate() {
        return Err(Failure::Failed {
            findings: Vec::new(),
            zh: format!("参数有误：{e}"),
            en: format!("The parameters are not usable: {e}"),
        });
    }
    let inputs = match inputs {
        Some(inputs) => inputs,
        None => {
            let mut read = Inputs::default();
            for (kind, source) in sources.iter() {
                step(Step::Reading(kind))?;
                let loaded = ingest::load(&source.path, kind, &source.options).map_err(|e| Failure::Failed {
                    zh: e.0.line(Lang::Zh),
                    en: e.0.line(Lang::En),
                    findings: vec![e.0],
                })?;
                match kind {
                    TableKind::Staffing => read.staffing = Some(loaded),
                    TableKind::Roster => read.roster = Some(loaded),
                    TableKind::Survey => read.survey = Some(loaded),
                }
            }
            Arc::new(read)
        }
    };
    step(Step::Analysing)?;
    let analysis = analysis::analyze(&inputs, &params).map_err(|e| Failure::Failed {
        findings: inputs.findings(),
        zh: format!("无法计算指标：{e}"),
        en: format!("The indicators could not be computed: {e}"),
    })?;
    step(Step::Planning)?;
    let plan = plan::plan(&analysis.unit_types, &params);
    if cancel.load(Ordering::Relaxed) {
        return Err(Failure::Cancelled);
    }
    let mut findings = analysis.findings.clone();
    if let Ok(p) = &plan {
        findings.extend(p.findings.iter().cloned());
    }
    Ok(Outcome {
        sources,
        inputs,
        params,
        analysis,
        plan,
        findings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(mut job: Job) -> Result<Loaded, Failure> {
        loop {
            if let Poll::Finished(result) = job.poll() {
                return *result;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn a_panic_in_a_job_comes_back_as_a_failure() {
        let job = Job::spawn_work(Step::Analysing, None, |_, _, _| {
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
}
