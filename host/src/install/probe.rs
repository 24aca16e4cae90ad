//! Starting the host the way a browser does, and asking it `hello`.
//!
//! Chromium runs `path chrome-extension://<id>/` (plus `--parent-window=0`
//! on Windows) from the binary's folder; Firefox runs `path <manifest path>
//! <add-on id>` (native-messaging.md §1.4). A host that answers this way
//! answers the browser.

use std::ffi::OsString;
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use serde_json::Value;

use super::manifest::{ExtensionId, GECKO_ID};
use super::table::{Engine, Os};
use crate::messaging::{write_frame, FrameReader, Inbound};
use crate::protocol::PROTOCOL_VERSION;

/// A host slower than this to say hello is reported as not answering.
const PATIENCE: Duration = Duration::from_secs(10);

/// The arguments a browser of that engine passes to the host.
pub fn browser_arguments(engine: Engine, os: Os, manifest: &Path) -> Vec<OsString> {
    match engine {
        Engine::Chromium => {
            let mut args = vec![OsString::from(ExtensionId::ours().origin())];
            if os == Os::Windows {
                args.push("--parent-window=0".into());
            }
            args
        }
        Engine::Gecko => vec![manifest.as_os_str().to_owned(), GECKO_ID.into()],
    }
}

/// The host's answer to `hello`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hello {
    pub version: String,
}

/// Why the host did not say hello.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Silence {
    NotStarted(String),
    NoAnswer { log: String },
    TooSlow,
    WrongAnswer(String),
}

impl fmt::Display for Silence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Silence::NotStarted(error) => write!(f, "the host does not start: {error}"),
            Silence::NoAnswer { log } if log.is_empty() => {
                f.write_str("the host exits without answering hello")
            }
            Silence::NoAnswer { log } => write!(f, "the host exits without answering hello: {log}"),
            Silence::TooSlow => write!(
                f,
                "the host does not answer hello within {} s",
                PATIENCE.as_secs()
            ),
            Silence::WrongAnswer(answer) => write!(f, "the host answers hello with {answer}"),
        }
    }
}

/// Starts `binary` with `args`, sends `{"type":"hello","id":1}`, and reads
/// the answer.
pub fn ask_hello(binary: &Path, args: &[OsString]) -> Result<Hello, Silence> {
    let mut command = Command::new(binary);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(folder) = binary.parent() {
        command.current_dir(folder);
    }
    let mut child = command.spawn().map_err(|e| Silence::NotStarted(e.to_string()))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let stdout = child.stdout.take().expect("stdout is piped");
    // A host that exits at once closes the pipe: the answer then tells why.
    let _ = write_frame(&mut stdin, br#"{"type":"hello","id":1}"#);
    drop(stdin);

    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let _ = sender.send(FrameReader::new(stdout).next_frame());
    });
    match receiver.recv_timeout(PATIENCE) {
        Ok(Ok(Inbound::Frame(payload))) => {
            // As a browser closing the port: a host that lingers is stopped.
            stop(&mut child);
            hello_of(&payload)
        }
        Ok(_) => {
            // stdout closed without an answer: the host is exiting, and its
            // last words on stderr say why.
            let mut log = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = stderr.read_to_string(&mut log);
            }
            let _ = child.wait();
            let last = log.lines().rev().find(|line| !line.trim().is_empty());
            Err(Silence::NoAnswer {
                log: last.unwrap_or_default().trim().to_owned(),
            })
        }
        Err(_) => {
            stop(&mut child);
            Err(Silence::TooSlow)
        }
    }
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn hello_of(payload: &[u8]) -> Result<Hello, Silence> {
    let answer: Value = serde_json::from_slice(payload)
        .map_err(|_| Silence::WrongAnswer(String::from_utf8_lossy(payload).into_owned()))?;
    match (
        &answer["type"],
        &answer["id"],
        &answer["protocol"],
        answer["version"].as_str(),
    ) {
        (type_, id, protocol, Some(version))
            if type_ == "hello" && id == 1 && protocol == PROTOCOL_VERSION =>
        {
            Ok(Hello {
                version: version.to_owned(),
            })
        }
        _ => Err(Silence::WrongAnswer(answer.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_per_engine() {
        let manifest = Path::new("/m/org.cookie_charter.host.json");
        let chrome = browser_arguments(Engine::Chromium, Os::Linux, manifest);
        assert_eq!(
            chrome,
            [OsString::from(format!(
                "chrome-extension://{}/",
                ExtensionId::ours()
            ))]
        );
        let windows = browser_arguments(Engine::Chromium, Os::Windows, manifest);
        assert_eq!(windows[1], "--parent-window=0");
        let firefox = browser_arguments(Engine::Gecko, Os::Linux, manifest);
        assert_eq!(firefox, [OsString::from(manifest), OsString::from(GECKO_ID)]);
    }

    #[test]
    fn only_a_hello_of_our_protocol_counts() {
        let good = br#"{"type":"hello","id":1,"version":"0.1.0","protocol":1}"#;
        assert_eq!(
            hello_of(good),
            Ok(Hello {
                version: "0.1.0".into()
            })
        );
        for bad in [
            &br#"{"type":"error","id":1}"#[..],
            br#"{"type":"hello","id":2,"version":"0.1.0","protocol":1}"#,
            br#"{"type":"hello","id":1,"version":"0.1.0","protocol":9}"#,
            b"\xff",
        ] {
            assert!(matches!(hello_of(bad), Err(Silence::WrongAnswer(_))), "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_host_that_exits_is_reported_with_its_last_words() {
        let args = [
            "-c",
            "cat >/dev/null; echo starting >&2; echo cannot load the list >&2; exit 3",
        ]
        .map(OsString::from);
        let silence = ask_hello(Path::new("/bin/sh"), &args).unwrap_err();
        assert_eq!(
            silence.to_string(),
            "the host exits without answering hello: cannot load the list"
        );
    }

    #[test]
    fn a_missing_binary_does_not_start() {
        let result = ask_hello(Path::new("/nonexistent/cookie-charter"), &[]);
        assert!(matches!(result, Err(Silence::NotStarted(_))));
    }
}
