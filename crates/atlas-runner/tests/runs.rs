//! Real runs of the fixture book's examples and code blocks: real cargo, real
//! processes, no mocks.

mod common;

use std::time::Duration;

use atlas_runner::{
    NOT_PREPARED, Outcome, Phase, RunError, RunEvent, RunRequest, Runner, RunnerConfig, Stream,
};
use common::{block, book, example, missing_deps, no_examples, pgid_from, run, runner, start};
use nix::sys::signal::killpg;
use nix::unistd::Pid;

/// Nothing of the group is left: signal 0 to the group finds no process. The
/// killed processes are dead at once, but one whose parent died with it (the
/// `sleep`) stays a zombie until init reaps it, and signal 0 still finds zombies:
/// so allow init a moment.
fn assert_group_gone(pgid: Pid) {
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while killpg(pgid, None).is_ok() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        killpg(pgid, None),
        Err(nix::errno::Errno::ESRCH),
        "process group {pgid} still has processes"
    );
}

#[tokio::test]
async fn example_that_succeeds() {
    let fx = book();
    let run = run(&runner(fx), fx, example("ok")).await;
    let (outcome, code, _) = run.finished();
    assert_eq!((outcome, code), (Outcome::Success, Some(0)));
    assert_eq!(run.phases(), [Phase::Build, Phase::Run]);
    assert_eq!(run.lines(Stream::Stdout), ["hello from ok", "done"]);
    assert_eq!(run.lines(Stream::Stderr), ["a line on stderr"]);
    assert!(matches!(&run.events[0], RunEvent::Started { label, .. } if label.contains("ok")));
}

#[tokio::test]
async fn example_that_exits_non_zero() {
    let fx = book();
    let run = run(&runner(fx), fx, example("exit-nonzero")).await;
    let (outcome, code, message) = run.finished();
    assert_eq!((outcome, code), (Outcome::Failed, Some(3)));
    assert!(message.contains("code 3"), "{message}");
    assert_eq!(run.lines(Stream::Stdout), ["about to fail"]);
}

#[tokio::test]
async fn example_that_does_not_compile() {
    let fx = book();
    let run = run(&runner(fx), fx, example("compile-error")).await;
    let (outcome, _, message) = run.finished();
    assert_eq!(outcome, Outcome::Failed);
    assert_eq!(message, "Build failed");
    assert_eq!(
        run.phases(),
        [Phase::Build],
        "no run phase after a failed build"
    );
    let build = run.lines(Stream::Build).join("\n");
    assert!(build.contains("error[E0308]: mismatched types"), "{build}");
    // Rendered for people (not JSON), without colour codes.
    assert!(
        build.contains("--> src/main.rs") || build.contains("compile-error/src/main.rs"),
        "{build}"
    );
    assert!(!build.contains('\u{1b}'), "no ANSI escapes");
    assert!(!build.contains("\"reason\""), "no JSON");
}

#[tokio::test]
async fn example_that_panics() {
    let fx = book();
    let run = run(&runner(fx), fx, example("panics")).await;
    let (outcome, code, message) = run.finished();
    assert_eq!((outcome, code), (Outcome::Failed, Some(101)));
    assert!(message.starts_with("Panicked"), "{message}");
    assert!(
        run.lines(Stream::Stderr)
            .iter()
            .any(|l| l.contains("boom on purpose"))
    );
    assert_eq!(run.lines(Stream::Stdout), ["before the panic"]);
}

#[tokio::test]
async fn library_example_runs_its_tests() {
    let fx = book();
    let run = run(&runner(fx), fx, example("lib-tests")).await;
    let (outcome, code, _) = run.finished();
    assert_eq!((outcome, code), (Outcome::Success, Some(0)));
    assert_eq!(run.phases(), [Phase::Build, Phase::Test]);
    assert!(
        run.lines(Stream::Build)
            .iter()
            .any(|l| l.contains("cargo test -p lib-tests")),
        "says so"
    );
    assert!(
        run.lines(Stream::Stdout)
            .iter()
            .any(|l| l.contains("test tests::adds ... ok"))
    );
}

#[tokio::test]
async fn stop_kills_the_whole_group() {
    let fx = book();
    let r = runner(fx);
    let mut started = start(&r, fx, example("endless")).unwrap();
    let seen = started.until_line("tick 2").await;
    let pgid = pgid_from(&seen);
    // The program's own child (`sleep`) is in the group too.
    assert!(killpg(pgid, None).is_ok());
    let stopped_at = std::time::Instant::now();
    assert!(r.stop(started.id));
    let run = started.finish(seen).await;
    run.assert_well_formed();
    assert!(
        stopped_at.elapsed() < Duration::from_secs(2),
        "stops at once"
    );
    assert_eq!(run.finished().0, Outcome::Stopped);
    assert_group_gone(pgid);
    assert!(!r.stop(run.id), "no longer running");
    assert!(r.running().is_empty());
}

#[tokio::test]
async fn stop_during_the_build() {
    let fx = book();
    let r = runner(fx);
    // A fresh edit, so cargo has something to compile when Stop comes.
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let edited = format!("println!(\"{nonce}\");");
    let request = RunRequest::Block {
        id: "blocks.md:1".into(),
        edited: Some(edited),
    };
    let mut started = start(&r, fx, request).unwrap();
    let mut seen = Vec::new();
    loop {
        let e = started.next().await;
        let build = matches!(
            e,
            RunEvent::Phase {
                phase: Phase::Build
            }
        );
        seen.push(e);
        if build {
            break;
        }
    }
    assert!(r.stop(started.id));
    let run = started.finish(seen).await;
    run.assert_well_formed();
    assert_eq!(run.finished().0, Outcome::Stopped);
    assert_eq!(run.phases(), [Phase::Build], "the program never ran");
}

#[tokio::test]
async fn time_limit_kills_the_whole_group() {
    let fx = book();
    let mut config = common::guarded(RunnerConfig::new(&fx.scratch));
    config.time_limit = Duration::from_millis(1500);
    let r = Runner::new(config);
    let mut started = start(&r, fx, example("endless")).unwrap();
    let seen = started.until_line("tick 0").await;
    let pgid = pgid_from(&seen);
    let run = started.finish(seen).await;
    run.assert_well_formed();
    let (outcome, _, message) = run.finished();
    assert_eq!(outcome, Outcome::TimedOut);
    assert!(message.contains("time limit"), "{message}");
    assert!(
        run.lines(Stream::Build)
            .iter()
            .any(|l| l.contains("time limit")),
        "says so in the output"
    );
    assert_group_gone(pgid);
}

#[tokio::test]
async fn stop_all_works_outside_the_runtime() {
    let fx = book();
    let r = runner(fx);
    let mut started = start(&r, fx, example("endless")).unwrap();
    let seen = started.until_line("tick 0").await;
    let pgid = pgid_from(&seen);
    let r2 = r.clone();
    std::thread::spawn(move || r2.stop_all()).join().unwrap();
    let run = started.finish(seen).await;
    assert_eq!(run.finished().0, Outcome::Stopped);
    assert_group_gone(pgid);
}

#[tokio::test]
async fn flood_is_cut_at_the_cap() {
    let fx = book();
    let r = runner(fx);
    let cap = r.config().output_cap_bytes;
    let run = run(&r, fx, example("flood")).await;
    assert_eq!(
        run.finished().0,
        Outcome::Success,
        "the program still ends normally"
    );
    let truncated: Vec<usize> = run
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, RunEvent::Truncated { limit_bytes } if *limit_bytes == cap))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(truncated.len(), 1, "one marker");
    let after = &run.events[truncated[0] + 1..];
    assert!(
        after.iter().all(|e| !matches!(e, RunEvent::Line { .. })),
        "nothing after the marker"
    );
    let bytes: usize = run
        .events
        .iter()
        .map(|e| match e {
            RunEvent::Line { text, .. } => text.len() + 1,
            _ => 0,
        })
        .sum();
    assert!(
        bytes <= cap && bytes > cap - 1024,
        "{bytes} bytes forwarded"
    );
}

#[tokio::test]
async fn one_run_per_example_and_a_limit_on_runs() {
    let fx = book();
    let mut config = common::guarded(RunnerConfig::new(&fx.scratch));
    config.max_concurrent = 2;
    let r = Runner::new(config);
    let mut first = start(&r, fx, example("endless")).unwrap();
    let seen = first.until_line("tick 0").await;
    assert_eq!(
        start(&r, fx, example("endless")).err(),
        Some(RunError::AlreadyRunning("endless".into()))
    );
    let mut second = start(&r, fx, block("blocks.md:8")).unwrap();
    let seen2 = second.until_line("spinning").await;
    assert_eq!(
        start(&r, fx, example("ok")).err(),
        Some(RunError::TooManyRuns(2))
    );
    r.stop_all();
    assert_eq!(first.finish(seen).await.finished().0, Outcome::Stopped);
    assert_eq!(second.finish(seen2).await.finished().0, Outcome::Stopped);
}

#[tokio::test]
async fn unknown_ids_are_refused() {
    let fx = book();
    let r = runner(fx);
    let sink = |_| {};
    let err = r.start(&*fx.index, example("../../etc"), sink).unwrap_err();
    assert_eq!(err, RunError::UnknownExample("../../etc".into()));
    let err = r
        .start(&*fx.index, block("blocks.md:99"), sink)
        .unwrap_err();
    assert_eq!(err, RunError::UnknownBlock("blocks.md:99".into()));
    // `ignore`, `compile_fail` and a text block get no Run button and no run.
    for id in ["blocks.md:4", "blocks.md:5", "blocks.md:6"] {
        let err = r.start(&*fx.index, block(id), sink).unwrap_err();
        assert_eq!(err, RunError::NotRunnable(id.into()));
    }
    assert!(r.running().is_empty());
}

#[tokio::test]
async fn block_with_main() {
    let fx = book();
    let run = run(&runner(fx), fx, block("blocks.md:0")).await;
    assert_eq!(run.finished().0, Outcome::Success);
    assert_eq!(run.phases(), [Phase::Build, Phase::Run]);
    assert_eq!(run.lines(Stream::Stdout), ["block with main"]);
}

#[tokio::test]
async fn block_without_main_is_wrapped_with_its_hidden_lines() {
    let fx = book();
    let run = run(&runner(fx), fx, block("blocks.md:1")).await;
    assert_eq!(run.finished().0, Outcome::Success, "{:?}", run.events);
    assert_eq!(run.lines(Stream::Stdout), ["answer 42, hidden helper"]);
}

#[tokio::test]
async fn no_run_block_builds_only() {
    let fx = book();
    let run = run(&runner(fx), fx, block("blocks.md:2")).await;
    let (outcome, _, message) = run.finished();
    assert_eq!(outcome, Outcome::Success);
    assert!(message.contains("no_run"), "{message}");
    assert_eq!(run.phases(), [Phase::Build]);
}

#[tokio::test]
async fn should_panic_block_succeeds_by_panicking() {
    let fx = book();
    let run = run(&runner(fx), fx, block("blocks.md:3")).await;
    let (outcome, code, message) = run.finished();
    assert_eq!((outcome, code), (Outcome::Success, Some(101)), "{message}");
    assert!(
        run.lines(Stream::Stderr)
            .iter()
            .any(|l| l.contains("index out of bounds"))
    );
}

#[tokio::test]
async fn question_mark_block_returns_a_result() {
    let fx = book();
    let run = run(&runner(fx), fx, block("blocks.md:7")).await;
    assert_eq!(run.finished().0, Outcome::Success, "{:?}", run.events);
    assert_eq!(run.lines(Stream::Stdout), ["parsed 12"]);
}

#[tokio::test]
async fn edited_block_runs_the_edit() {
    let fx = book();
    let r = runner(fx);
    let edited = RunRequest::Block {
        id: "blocks.md:0".into(),
        edited: Some("println!(\"edited!\");".into()),
    };
    let first = run(&r, fx, edited).await;
    assert_eq!(first.finished().0, Outcome::Success);
    assert!(
        matches!(&first.events[0], RunEvent::Started { label, .. } if label.contains("edited"))
    );
    assert_eq!(first.lines(Stream::Stdout), ["edited!"]);

    // An edit that breaks the block fails in the build, with the compiler's words.
    let broken = RunRequest::Block {
        id: "blocks.md:0".into(),
        edited: Some("let x: u8 = 300;".into()),
    };
    let second = run(&r, fx, broken).await;
    assert_eq!(second.finished().0, Outcome::Failed);
    assert!(
        second
            .lines(Stream::Build)
            .iter()
            .any(|l| l.contains("error"))
    );

    // "Reset" is the original again.
    let reset = run(&r, fx, block("blocks.md:0")).await;
    assert_eq!(reset.lines(Stream::Stdout), ["block with main"]);
}

#[tokio::test]
async fn book_without_examples_folder() {
    let fx = no_examples();
    let r = runner(fx);
    assert!(fx.index.manifest().examples_dir.is_none());
    let err = r
        .start(&*fx.index, example("anything"), |_| {})
        .unwrap_err();
    assert_eq!(err, RunError::NoExamplesDir);
    // Its code blocks still run, in a scratch crate of the runner's own.
    let run = run(&r, fx, block("chapter.md:0")).await;
    assert_eq!(run.finished().0, Outcome::Success, "{:?}", run.events);
    assert_eq!(
        run.lines(Stream::Stdout),
        ["no examples folder, still runs"]
    );
}

#[tokio::test]
async fn missing_dependencies_say_so_in_one_line() {
    let fx = missing_deps();
    let started = std::time::Instant::now();
    let run = run(&runner(fx), fx, example("needs-network")).await;
    let (outcome, _, message) = run.finished();
    assert_eq!(outcome, Outcome::Unprepared);
    assert_eq!(message, NOT_PREPARED);
    let notes = run.lines(Stream::Build);
    assert_eq!(
        notes.iter().filter(|l| *l == NOT_PREPARED).count(),
        1,
        "{notes:?}"
    );
    assert_eq!(run.phases(), [Phase::Build]);
    // Offline: cargo gives up at once instead of waiting on the network.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn events_serialize_as_the_ui_expects() {
    let e = RunEvent::Line {
        stream: Stream::Stdout,
        text: "hi".into(),
    };
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"event":"line","data":{"stream":"stdout","text":"hi"}}"#
    );
    let e = RunEvent::Finished {
        outcome: Outcome::TimedOut,
        exit_code: None,
        elapsed_ms: 5,
        message: "m".into(),
    };
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"event":"finished","data":{"outcome":"timed_out","exit_code":null,"elapsed_ms":5,"message":"m"}}"#
    );
    let r: RunRequest =
        serde_json::from_str(r#"{"kind":"block","id":"a.md:1","edited":null}"#).unwrap();
    assert_eq!(
        r,
        RunRequest::Block {
            id: "a.md:1".into(),
            edited: None
        }
    );
    let r: RunRequest = serde_json::from_str(r#"{"kind":"example","id":"ok"}"#).unwrap();
    assert_eq!(r, RunRequest::Example { id: "ok".into() });
}

#[tokio::test]
async fn nothing_is_written_into_the_book() {
    let fx = book();
    let r = runner(fx);
    for id in ["ok", "lib-tests"] {
        let run = run(&r, fx, example(id)).await;
        assert_eq!(run.finished().0, Outcome::Success, "{id}: {:?}", run.events);
    }
    let examples = fx.index.manifest().examples_dir.clone().unwrap();
    for built in ["target", "Cargo.lock"] {
        assert!(
            !examples.join(built).exists(),
            "{built} was written into the book's examples folder"
        );
    }
}

#[tokio::test]
async fn prepare_builds_every_example_and_reports_progress() {
    let fx = book();
    let work = tempfile::tempdir().unwrap();
    let r = Runner::new(common::guarded(RunnerConfig::new(work.path())));
    let before = r.examples_state(&*fx.index);
    assert!(before.has_examples && before.cargo && !before.prepared);
    assert!(before.advice.contains("network"), "{}", before.advice);

    let run = run(&r, fx, RunRequest::Prepare).await;
    run.assert_well_formed();
    let (outcome, _, message) = run.finished();
    // The fixture has an example that does not compile, on purpose: it is named,
    // and the others are built.
    assert_eq!(outcome, Outcome::Failed, "{message}");
    assert!(
        message.contains("did not build: compile-error"),
        "{message}"
    );
    let examples = fx.index.examples().len();
    assert!(
        message.contains(&format!("{} of {examples} examples built", examples - 1)),
        "{message}"
    );
    let progress: Vec<(usize, usize)> = run
        .events
        .iter()
        .filter_map(|e| match e {
            RunEvent::Progress { done, total, .. } => Some((*done, *total)),
            _ => None,
        })
        .collect();
    assert_eq!(progress.first(), Some(&(0, examples + 2)));
    assert_eq!(progress.last(), Some(&(examples + 2, examples + 2)));
    assert!(
        progress.windows(2).all(|w| w[0].0 <= w[1].0),
        "{progress:?}"
    );

    let after = r.examples_state(&*fx.index);
    assert!(after.prepared && after.advice.is_empty(), "{after:?}");
    // Prepared means the next run needs no download and builds nothing new.
    let ok = run_on_runner(&r, fx, "ok").await;
    assert_eq!(ok, Outcome::Success);
}

async fn run_on_runner(r: &Runner, fx: &common::Fixture, id: &str) -> Outcome {
    run(r, fx, example(id)).await.finished().0
}

#[test]
fn prepare_without_network_says_so_in_one_sentence() {
    // A network namespace with no route out: cargo cannot reach the registry.
    let ok = std::process::Command::new("unshare")
        .args(["-n", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let why = "this test needs `unshare -n` (util-linux, run as root or with user namespaces)";
        assert!(
            std::env::var_os("ATLAS_STRICT").is_none_or(|v| v != "1"),
            "{why}"
        );
        eprintln!("SKIPPED: {why}");
        return;
    }
    let fx = missing_deps();
    let examples = fx.index.manifest().examples_dir.clone().unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("unshare")
        .arg("-n")
        .arg(env!("CARGO_BIN_EXE_atlas-runner-prepare"))
        .arg(&examples)
        .arg("--work-dir")
        .arg(work.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(atlas_runner::NO_NETWORK),
        "says there is no network:\n{stderr}"
    );
}
