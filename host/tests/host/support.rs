//! Test support: the real `cookie-charter` binary behind real pipes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};

use serde_json::Value;

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_cookie-charter")
}

/// The shared folder beside the repository (seed charter, real data).
pub fn shared(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(relative)
}

pub fn seed_charter() -> String {
    std::fs::read_to_string(shared("seed/charte-cookies-data-nantesmetropole.txt"))
        .expect("the seed charter is readable")
}

pub fn frame(payload: &[u8]) -> Vec<u8> {
    let mut bytes = (payload.len() as u32).to_ne_bytes().to_vec();
    bytes.extend_from_slice(payload);
    bytes
}

/// The variable that points a host at its per-site store (`store.rs`).
pub const DATA_DIR_VAR: &str = "COOKIE_CHARTER_DATA_DIR";

/// A running host, spoken to over its stdin and stdout. Its stderr goes to a
/// file, so that a chatty host can never block on a full pipe. Its per-site
/// store is a throw-away folder of its own, unless the test names one
/// (`COOKIE_CHARTER_DATA_DIR` in `env`): tests never touch the user's.
pub struct HostProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: ChildStdout,
    stderr: tempfile::NamedTempFile,
    data_dir: PathBuf,
    _own_data_dir: Option<tempfile::TempDir>,
}

impl HostProcess {
    pub fn serve() -> HostProcess {
        HostProcess::start(&["serve"])
    }

    pub fn start(args: &[&str]) -> HostProcess {
        HostProcess::start_with(args, &[])
    }

    pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> HostProcess {
        let stderr = tempfile::NamedTempFile::new().unwrap();
        let given = env
            .iter()
            .find(|(name, _)| *name == DATA_DIR_VAR)
            .map(|(_, dir)| PathBuf::from(dir));
        let own_data_dir = given.is_none().then(|| tempfile::tempdir().unwrap());
        let data_dir = given.unwrap_or_else(|| own_data_dir.as_ref().unwrap().path().to_owned());
        let mut child = Command::new(binary())
            .args(args)
            .env(DATA_DIR_VAR, &data_dir)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr.reopen().unwrap())
            .spawn()
            .expect("the host starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        HostProcess {
            child,
            stdin,
            stdout,
            stderr,
            data_dir,
            _own_data_dir: own_data_dir,
        }
    }

    /// The folder of this host's per-site store.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The most memory the host has held so far (`VmHWM`, Linux), in KiB.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.as_mut().expect("stdin open").write_all(bytes).unwrap();
        self.stdin.as_mut().unwrap().flush().unwrap();
    }

    pub fn send(&mut self, request: &Value) {
        self.send_raw(&frame(&serde_json::to_vec(request).unwrap()));
    }

    /// Reads one frame; panics if stdout holds anything but a well-formed
    /// frame of JSON within the 1 MiB limit.
    pub fn recv_raw(&mut self) -> Vec<u8> {
        let mut header = [0u8; 4];
        self.stdout.read_exact(&mut header).expect("a frame header");
        let length = u32::from_ne_bytes(header) as usize;
        assert!(length <= 1024 * 1024, "an outbound frame of {length} bytes");
        let mut payload = vec![0u8; length];
        self.stdout.read_exact(&mut payload).expect("a frame payload");
        payload
    }

    pub fn recv(&mut self) -> Value {
        let payload = self.recv_raw();
        serde_json::from_slice(&payload)
            .unwrap_or_else(|e| panic!("frame is not JSON ({e}): {}", String::from_utf8_lossy(&payload)))
    }

    /// Sends a request and reads its (single-frame) answer.
    pub fn ask(&mut self, request: &Value) -> Value {
        self.send(request);
        self.recv()
    }

    /// Closes stdin, checks that nothing but frames was left on stdout, and
    /// returns the exit status and everything the host logged.
    pub fn finish(mut self) -> (ExitStatus, String) {
        drop(self.stdin.take());
        let mut rest = Vec::new();
        self.stdout.read_to_end(&mut rest).unwrap();
        assert!(
            rest.is_empty(),
            "unexpected bytes on stdout: {:?}",
            String::from_utf8_lossy(&rest)
        );
        let status = self.child.wait().unwrap();
        let mut log = String::new();
        std::fs::File::open(self.stderr.path())
            .unwrap()
            .read_to_string(&mut log)
            .unwrap();
        (status, log)
    }

    pub fn close_stdin(&mut self) {
        drop(self.stdin.take());
    }
}

/// Runs the binary as a command line and returns (status, stdout, stderr).
pub fn run(args: &[&str]) -> (ExitStatus, String, String) {
    let output = Command::new(binary())
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output.status,
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    )
}
